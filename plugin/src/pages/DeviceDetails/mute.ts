/** How long a device's alerts stay muted (maintenance), and the instant that ends it. */
import { zonedInstant } from '../../utils/time-zone';

export type MuteChoice = '1h' | '4h' | '24h' | '7d' | 'custom';

export const MUTE_CHOICES: Array<{ value: MuteChoice; label: string }> = [
  { value: '1h', label: '1 h' },
  { value: '4h', label: '4 h' },
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 days' },
  { value: 'custom', label: 'Until…' },
];

const HOUR_MS = 3_600_000;
const CHOICE_MS: Record<Exclude<MuteChoice, 'custom'>, number> = {
  '1h': HOUR_MS,
  '4h': 4 * HOUR_MS,
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
};
// The API refuses more than 366 days ahead; a year leaves room for the request's way there.
const MAX_AHEAD_MS = 365 * 24 * HOUR_MS;

export type MuteEnd = { until: string; problem?: undefined } | { problem: string };

/**
 * The end of a mute starting `now`, as the API takes it (RFC 3339), or why it cannot be: a
 * custom end is a `datetime-local` value on the account's clock.
 */
export function muteEnd(
  choice: MuteChoice,
  customWallTime: string,
  timeZone: string,
  now: number,
): MuteEnd {
  if (choice !== 'custom') return { until: new Date(now + CHOICE_MS[choice]).toISOString() };
  const end = zonedInstant(customWallTime, timeZone);
  if (!end) return { problem: 'Enter a date and a time.' };
  if (end.getTime() <= now) return { problem: 'Choose a time in the future.' };
  if (end.getTime() - now > MAX_AHEAD_MS) return { problem: 'Choose a time within a year.' };
  return { until: end.toISOString() };
}
