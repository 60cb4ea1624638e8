/** One sample of a service: when, and whether it ran. */
export type ServiceSample = { atMs: number; up: boolean };

/** A stretch of a service's history; `up` is null where nothing was heard (unknown). */
export type ServiceInterval = { from: string; to: string; up: boolean | null };

type Span = { fromMs: number; toMs: number; up: boolean | null };

/** A silence longer than this many reporting intervals is unknown, as a device goes offline. */
export const GAP_INTERVALS = 3;

/** Each sample holds until the next one, unless that is more than 3 intervals away. */
function spansOf(samples: readonly ServiceSample[], intervalMs: number, toMs: number): Span[] {
  const gapMs = GAP_INTERVALS * intervalMs;
  const spans: Span[] = [];
  samples.forEach((sample, index) => {
    const nextMs = samples[index + 1]?.atMs ?? toMs;
    if (nextMs - sample.atMs <= gapMs) {
      spans.push({ fromMs: sample.atMs, toMs: nextMs, up: sample.up });
      return;
    }
    spans.push({ fromMs: sample.atMs, toMs: sample.atMs + intervalMs, up: sample.up });
    spans.push({ fromMs: sample.atMs + intervalMs, toMs: nextMs, up: null });
  });
  return spans;
}

/** Spans within [fromMs, toMs], unknown before the first, equal neighbours merged. */
function clipAndMerge(spans: readonly Span[], fromMs: number, toMs: number): Span[] {
  const firstMs = spans[0]?.fromMs ?? toMs;
  const all = [{ fromMs, toMs: firstMs, up: null }, ...spans];
  const merged: Span[] = [];
  for (const span of all) {
    const clipped = {
      fromMs: Math.max(span.fromMs, fromMs),
      toMs: Math.min(span.toMs, toMs),
      up: span.up,
    };
    if (clipped.toMs <= clipped.fromMs) continue;
    const last = merged.at(-1);
    if (last && last.up === clipped.up && last.toMs >= clipped.fromMs) last.toMs = clipped.toMs;
    else merged.push(clipped);
  }
  return merged;
}

/**
 * A service's up/down history over [fromMs, toMs] from its samples (oldest first; one from
 * before `fromMs` tells the state at the start), consecutive equal samples collapsed.
 *
 * @example serviceIntervals([{ atMs: 0, up: true }], { fromMs: 0, toMs: 60_000, intervalMs: 30_000 })
 * // [{ from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T00:01:00.000Z', up: true }]
 */
export function serviceIntervals(
  samples: readonly ServiceSample[],
  window: { fromMs: number; toMs: number; intervalMs: number },
): ServiceInterval[] {
  const spans = spansOf(samples, window.intervalMs, window.toMs);
  return clipAndMerge(spans, window.fromMs, window.toMs).map((span) => ({
    from: new Date(span.fromMs).toISOString(),
    to: new Date(span.toMs).toISOString(),
    up: span.up,
  }));
}
