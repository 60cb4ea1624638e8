import { dateTime, type TimeRange } from '@grafana/data';

const DAY_MS = 86_400_000;

/**
 * The time range of a chart with one bar per date (`YYYY-MM-DD`, drawn at its UTC midnight):
 * half a day of room before the first and after the last, so that their bars show whole.
 */
export function dayRange(first: string, last: string): TimeRange {
  const from = dateTime(Date.parse(`${first}T00:00:00Z`) - DAY_MS / 2);
  const to = dateTime(Date.parse(`${last}T00:00:00Z`) + DAY_MS / 2);
  return { from, to, raw: { from, to } };
}
