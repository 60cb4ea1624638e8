export type EnergyTotals = {
  /** Summed over GPUs. */
  wattHours: number;
  /** Time in which at least one GPU had consecutive samples close enough to integrate. */
  coveredMs: number;
  samples: number;
  gpus: number;
};

type GpuTrack = {
  lastMs: number;
  lastWatts: number;
  wattSeconds: number;
  samples: number;
  /** Stretches of integrated time, [start, end] in ms; few, as each gap starts a new one. */
  runs: [number, number][];
};

/**
 * Energy from power samples, integrated per GPU by trapezoids between consecutive samples.
 * Two samples further apart than `maxGapMs` add nothing: InfluxQL's `integral()` would
 * interpolate across the pause, so an outage would count as energy used.
 *
 * Samples of one GPU must arrive oldest first (pages may interleave GPUs).
 *
 * @example
 * const energy = new EnergyIntegrator(30_000);
 * energy.add('0', 0, 300);
 * energy.add('0', 10_000, 300);
 * energy.totals().wattHours; // 0.8333…
 */
export class EnergyIntegrator {
  readonly #tracks = new Map<string, GpuTrack>();

  constructor(private readonly maxGapMs: number) {}

  add(gpu: string, timeMs: number, watts: number): void {
    if (!Number.isFinite(watts) || watts < 0 || !Number.isFinite(timeMs)) return;
    const track = this.#tracks.get(gpu);
    if (!track) {
      this.#tracks.set(gpu, {
        lastMs: timeMs,
        lastWatts: watts,
        wattSeconds: 0,
        samples: 1,
        runs: [],
      });
      return;
    }
    if (timeMs <= track.lastMs) return;
    const elapsedMs = timeMs - track.lastMs;
    if (elapsedMs <= this.maxGapMs) {
      track.wattSeconds += ((track.lastWatts + watts) / 2) * (elapsedMs / 1000);
      extendRuns(track.runs, track.lastMs, timeMs);
    }
    track.lastMs = timeMs;
    track.lastWatts = watts;
    track.samples += 1;
  }

  totals(): EnergyTotals {
    const tracks = [...this.#tracks.values()];
    return {
      wattHours: tracks.reduce((sum, track) => sum + track.wattSeconds, 0) / 3600,
      coveredMs: unionLength(tracks.flatMap((track) => track.runs)),
      samples: tracks.reduce((sum, track) => sum + track.samples, 0),
      gpus: tracks.length,
    };
  }
}

function extendRuns(runs: [number, number][], startMs: number, endMs: number): void {
  const last = runs.at(-1);
  if (last && last[1] === startMs) last[1] = endMs;
  else runs.push([startMs, endMs]);
}

/** Length of the union of intervals: GPUs of one device usually cover the same time. */
function unionLength(runs: [number, number][]): number {
  const sorted = [...runs].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let coveredUntil = -Infinity;
  for (const [start, end] of sorted) {
    if (end <= coveredUntil) continue;
    total += end - Math.max(start, coveredUntil);
    coveredUntil = end;
  }
  return total;
}
