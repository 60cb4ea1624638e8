/** A counter over one time bucket: its highest and last value there (null: not reported). */
export type CounterBucket = { max: number | null; last: number | null };

/**
 * How much a counter grew from `start` (its first value in the window) over the consecutive
 * buckets that follow, oldest first; undefined when no bucket has it. Without a start the first
 * bucket counts from its own last value. The driver's counters start again from 0 when it loads
 * (a reboot, a driver update): a bucket that ends below where the previous one ended held such a
 * restart, and before it the counter rose to the bucket's highest value. That is exact for one
 * restart a bucket, unless the counter rose past its old value again within the same bucket
 * (only while it holds less than a bucket's length of time, as a freshly loaded driver's can).
 * A bucket's highest and last value are all it takes, so a rollup's hours serve as well as the
 * raw samples'.
 *
 * @example
 * counterGrowth(100, [{ max: 300, last: 300 }, { max: 400, last: 50 }]);
 * // 200 + 100 (up to 400, then the restart) + 50 = 350
 */
export function counterGrowth(
  start: number | null,
  buckets: readonly CounterBucket[],
): number | undefined {
  let growth: number | undefined;
  let previous = start ?? undefined;
  for (const { max, last } of buckets) {
    if (last === null) continue;
    previous ??= last;
    growth ??= 0;
    growth += last >= previous ? last - previous : Math.max(0, (max ?? last) - previous) + last;
    previous = last;
  }
  return growth;
}
