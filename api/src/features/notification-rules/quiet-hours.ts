import { TZDate } from '@date-fns/tz';

export type QuietHours = { start: string; end: string };

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** `minutes` past midnight of the local day `dayOffset` days after `local`'s, as an instant. */
function localInstant(local: TZDate, dayOffset: number, minutes: number, timezone: string): Date {
  const day = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate() + dayOffset,
    Math.floor(minutes / 60),
    minutes % 60,
    timezone,
  );
  return new Date(day.getTime());
}

/**
 * When the quiet hours that `now` falls in end, in the account's time zone (across midnight and
 * DST changes), or undefined when `now` is outside them. Start and end are local `HH:MM`.
 *
 * @example
 * quietUntil(new Date('2026-03-28T23:30:00Z'), { start: '22:00', end: '07:00' }, 'Europe/Berlin');
 * // 2026-03-29T05:00:00Z: 07:00 in Berlin, which switched to summer time at 02:00 that night
 */
export function quietUntil(
  now: Date,
  quiet: QuietHours | null,
  timezone: string,
): Date | undefined {
  if (!quiet || quiet.start === quiet.end) return undefined;
  const local = new TZDate(now.getTime(), timezone);
  const minutes = local.getHours() * 60 + local.getMinutes();
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside =
    start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return undefined;
  const today = localInstant(local, 0, end, timezone);
  return today.getTime() > now.getTime() ? today : localInstant(local, 1, end, timezone);
}
