import { ApiError } from '../../lib/api-error.js';

const MAX_RANGE_S = 400 * 86400;
/** A step longer than the longest range is never useful, and InfluxDB fails on huge ones. */
export const MAX_STEP_S = MAX_RANGE_S;
const MAX_POINTS = 1000;
const NICE_STEPS_S = [
  10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

export function parseDuration(step: string): number | undefined {
  const match = /^(\d{1,6})(s|m|h|d)$/.exec(step);
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
}

/** The smallest "nice" step that keeps a range at or under 1,000 points. */
export function autoStep(rangeS: number): number {
  const minimum = Math.ceil(rangeS / MAX_POINTS);
  return NICE_STEPS_S.find((step) => step >= minimum) ?? Math.ceil(minimum / 86400) * 86400;
}

export function pointsFor(rangeS: number, stepS: number): number {
  return Math.ceil(rangeS / stepS);
}

/** The window and step a query asks for, within the limits; 400 when out of them. */
export function resolveRange(query: { from?: Date; to?: Date; step?: string }) {
  const to = query.to ?? new Date();
  const from = query.from ?? new Date(to.getTime() - 3600_000);
  const rangeS = (to.getTime() - from.getTime()) / 1000;
  if (rangeS <= 0) throw ApiError.badRequest('invalid_request', 'from: must be before to');
  if (rangeS > MAX_RANGE_S)
    throw ApiError.badRequest('invalid_request', 'from: the range may span at most 400 days');
  const stepS = query.step ? (parseDuration(query.step) ?? 0) : autoStep(rangeS);
  if (pointsFor(rangeS, stepS) > 1000) {
    throw ApiError.badRequest(
      'invalid_request',
      `step: gives more than 1,000 points for this range; use at least ${autoStep(rangeS)}s`,
    );
  }
  return { from, to, stepS };
}
