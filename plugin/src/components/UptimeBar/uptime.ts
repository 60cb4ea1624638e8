import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api/client';
import { formatPercent } from '../../utils/format';

export type UptimeDay = InferResponseType<
  ApiClient['v1']['devices'][':id']['uptime']['$get'],
  200
>['days'][number];

/** How a day is coloured: `none` is a day before the device existed. */
export type UptimeLevel = 'up' | 'degraded' | 'down' | 'none';

export const UPTIME_THRESHOLDS = { up: 0.99, degraded: 0.9 } as const;

/**
 * The colour class of one day's uptime ratio (0–1).
 *
 * @example uptimeLevel(0.995) // 'up'
 */
export function uptimeLevel(ratio: number | null): UptimeLevel {
  if (ratio === null) return 'none';
  if (ratio >= UPTIME_THRESHOLDS.up) return 'up';
  if (ratio >= UPTIME_THRESHOLDS.degraded) return 'degraded';
  return 'down';
}

export interface UptimeSummary {
  /** Mean ratio over the days the device existed; null when it existed on none of them. */
  ratio: number | null;
  trackedDays: number;
  /** Days below the `up` threshold. */
  incidentDays: number;
}

/** Every tracked day counts the same, so a partial first day weighs like a full one. */
export function summarizeUptime(days: readonly UptimeDay[]): UptimeSummary {
  const ratios = days.flatMap((day) => (day.uptimeRatio === null ? [] : [day.uptimeRatio]));
  if (ratios.length === 0) return { ratio: null, trackedDays: 0, incidentDays: 0 };
  return {
    ratio: ratios.reduce((sum, ratio) => sum + ratio, 0) / ratios.length,
    trackedDays: ratios.length,
    incidentDays: ratios.filter((ratio) => ratio < UPTIME_THRESHOLDS.up).length,
  };
}

/** A ratio as a percentage with two decimals at most: `0.99825` → `99.83%`. */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? 'no data' : formatPercent(ratio * 100, 2);
}

/** `2026-11-25` (a calendar day, no time zone) → `Wed, 25 Nov 2026`. */
export function formatDay(date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return parsed.toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/** What a day's tooltip and accessible name say. */
export function describeDay(day: UptimeDay): string {
  const when = formatDay(day.date);
  return day.uptimeRatio === null
    ? `${when}: no data (before the device was added)`
    : `${when}: ${formatRatio(day.uptimeRatio)} uptime`;
}
