/** The charts' range: a sliding window ending now, or a fixed one after a drag-to-zoom. */
export type ChartRange =
  { kind: 'relative'; seconds: number } | { kind: 'absolute'; from: number; to: number };

export const QUICK_RANGES: ReadonlyArray<{ label: string; description: string; value: number }> = [
  { label: '15m', description: 'Last 15 minutes', value: 15 * 60 },
  { label: '1h', description: 'Last hour', value: 3600 },
  { label: '6h', description: 'Last 6 hours', value: 6 * 3600 },
  { label: '24h', description: 'Last 24 hours', value: 24 * 3600 },
  { label: '7d', description: 'Last 7 days', value: 7 * 86400 },
];

export const DEFAULT_RANGE: ChartRange = { kind: 'relative', seconds: 3600 };

/** The range in epoch milliseconds as of `now`. */
export function resolveRange(range: ChartRange, now: number): { from: number; to: number } {
  return range.kind === 'relative'
    ? { from: now - range.seconds * 1000, to: now }
    : { from: range.from, to: range.to };
}

/**
 * Where a relative range's window ends: when the series were loaded, or later if live samples
 * were appended since. Derived from the data, so the charts slide exactly when it changes.
 */
export function windowEnd(data: {
  to: string;
  series: ReadonlyArray<{ points: ReadonlyArray<readonly [string, number]> }>;
}): number {
  let end = Date.parse(data.to);
  for (const series of data.series) {
    const last = series.points.at(-1);
    if (last) end = Math.max(end, Date.parse(last[0]));
  }
  return end;
}

/** A stable key for request dependencies. */
export function rangeKey(range: ChartRange): string {
  return range.kind === 'relative' ? `last-${range.seconds}` : `${range.from}-${range.to}`;
}

/**
 * How often a relative range reloads: short ranges every 10 s (the series are cheap), longer
 * ones once a minute since their points are minutes apart. A fixed range never reloads.
 */
export function refreshIntervalMs(range: ChartRange): number | undefined {
  if (range.kind === 'absolute') return undefined;
  return range.seconds <= 6 * 3600 ? 10_000 : 60_000;
}

const STEP_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The API's step (`10s`, `5m`) in milliseconds; undefined when it is not one. */
export function parseStep(step: string): number | undefined {
  const match = /^(\d+)([smhd])$/.exec(step);
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * (STEP_UNITS[match[2]] ?? 1000);
}
