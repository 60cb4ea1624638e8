import type { Selectable } from 'kysely';
import type { DeviceEnergyHoursTable, EnergyCursor, GpuCursor } from '../../db/database.js';

/**
 * A GPU is busy while its utilization is at least this. NVML's utilization is the share of the
 * last sample period in which a kernel ran, so it describes the stretch that ends at its sample:
 * a stretch between two samples is busy when the later one reads at least this. The device is
 * busy while any of its GPUs is (issue 14 builds a busy/idle state on it).
 */
export const BUSY_UTILIZATION_PCT = 10;

const HOUR_MS = 3_600_000;
const MJ_PER_WH = 3_600_000;
/**
 * More than any one GPU draws (a GB200 superchip: about 2.7 kW). A reading above it, or counter
 * growth faster than it, is not a measurement: counting it would let one node's absurd value
 * overflow the hour's sum.
 */
export const MAX_GPU_WATTS = 10_000;

/** One GPU reading as ingest or a recompute sees it; any of the fields may be missing. */
export type EnergySample = {
  gpu: string;
  timeMs: number;
  watts?: number | undefined;
  utilizationPct?: number | undefined;
  energyMj?: number | undefined;
};

/** A device-hour's totals as the row that keeps them, the hour as an ISO timestamp. */
export type EnergyHourRow = Omit<Selectable<DeviceEnergyHoursTable>, 'hour'> & { hour: string };

export function energyHourRow(deviceId: string, hourMs: number, totals: HourTotals): EnergyHourRow {
  return {
    device_id: deviceId,
    hour: new Date(hourMs).toISOString(),
    energy_wh: totals.energyWh,
    counter_wh: totals.counterWh,
    covered_s: totals.coveredS,
    busy_s: totals.busyS,
    samples: totals.samples,
    gpus: totals.gpus,
  };
}

export type HourTotals = {
  energyWh: number;
  /** From NVML's energy counter, where the GPU reports one; not forced to agree with energyWh. */
  counterWh: number;
  coveredS: number;
  busyS: number;
  samples: number;
  gpus: number;
};

export type Integrated = {
  /** Keyed by the hour's start, ms since the epoch (UTC). */
  hours: Map<number, HourTotals>;
  cursor: EnergyCursor;
  /** The earliest sample older than its GPU's cursor: its hours need a recompute. */
  staleFromMs: number | undefined;
};

type Run = [number, number];

function hourOf(timeMs: number): number {
  return Math.floor(timeMs / HOUR_MS) * HOUR_MS;
}

function totalsAt(hours: Map<number, HourTotals>, hour: number): HourTotals {
  let totals = hours.get(hour);
  if (!totals) {
    totals = { energyWh: 0, counterWh: 0, coveredS: 0, busyS: 0, samples: 0, gpus: 0 };
    hours.set(hour, totals);
  }
  return totals;
}

/** A trapezoid of linearly interpolated power, split exactly at the hours it crosses. */
function addTrapezoid(
  hours: Map<number, HourTotals>,
  from: { t: number; w: number },
  to: { t: number; w: number },
): void {
  const wattsAt = (t: number) => from.w + ((to.w - from.w) * (t - from.t)) / (to.t - from.t);
  for (let start = from.t; start < to.t;) {
    const end = Math.min(to.t, hourOf(start) + HOUR_MS);
    const wattSeconds = ((wattsAt(start) + wattsAt(end)) / 2) * ((end - start) / 1000);
    totalsAt(hours, hourOf(start)).energyWh += wattSeconds / 3600;
    start = end;
  }
}

/** A counter's growth spread evenly over the time between its two readings. */
function addCounter(hours: Map<number, HourTotals>, fromMs: number, toMs: number, wh: number) {
  for (let start = fromMs; start < toMs;) {
    const end = Math.min(toMs, hourOf(start) + HOUR_MS);
    totalsAt(hours, hourOf(start)).counterWh += (wh * (end - start)) / (toMs - fromMs);
    start = end;
  }
}

/** Seconds of the union of runs, per hour. */
function addUnion(hours: Map<number, HourTotals>, runs: Run[], field: 'coveredS' | 'busyS'): void {
  runs.sort((a, b) => a[0] - b[0]);
  let coveredUntil = -Infinity;
  for (const [runStart, runEnd] of runs) {
    for (let start = Math.max(runStart, coveredUntil); start < runEnd;) {
      const end = Math.min(runEnd, hourOf(start) + HOUR_MS);
      totalsAt(hours, hourOf(start))[field] += (end - start) / 1000;
      start = end;
    }
    coveredUntil = Math.max(coveredUntil, runEnd);
  }
}

function isReading(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}

function isPower(watts: number | undefined): watts is number {
  return isReading(watts) && watts <= MAX_GPU_WATTS;
}

type Accumulated = Integrated & {
  covered: Run[];
  busy: Run[];
  gpusByHour: Map<number, Set<string>>;
};

function addPower(
  acc: Accumulated,
  track: GpuCursor,
  sample: EnergySample & { watts: number },
  maxGapMs: number,
) {
  const watts = sample.watts;
  if (track.t !== undefined && track.w !== undefined) {
    if (sample.timeMs <= track.t) {
      // Equal: the same sample again (a retried write). Older: a late one, for a recompute.
      if (sample.timeMs < track.t) stale(acc, sample.timeMs);
      return;
    }
    if (sample.timeMs - track.t <= maxGapMs) {
      addTrapezoid(acc.hours, { t: track.t, w: track.w }, { t: sample.timeMs, w: watts });
      acc.covered.push([track.t, sample.timeMs]);
      if ((sample.utilizationPct ?? 0) >= BUSY_UTILIZATION_PCT) {
        acc.busy.push([track.t, sample.timeMs]);
      }
    }
  }
  const hour = hourOf(sample.timeMs);
  totalsAt(acc.hours, hour).samples += 1;
  const gpus = acc.gpusByHour.get(hour) ?? new Set();
  gpus.add(sample.gpu);
  acc.gpusByHour.set(hour, gpus);
  track.t = sample.timeMs;
  track.w = watts;
}

/** NVML's counter since driver load: a reading below the last one is a reset, adding nothing. */
function addEnergyCounter(
  acc: Accumulated,
  track: GpuCursor,
  sample: EnergySample & { energyMj: number },
) {
  const mj = sample.energyMj;
  if (track.mjT !== undefined && track.mj !== undefined) {
    if (sample.timeMs <= track.mjT) {
      if (sample.timeMs < track.mjT) stale(acc, sample.timeMs);
      return;
    }
    const wattHours = (mj - track.mj) / MJ_PER_WH;
    const mostWattHours = (MAX_GPU_WATTS * (sample.timeMs - track.mjT)) / HOUR_MS;
    // Less than before: the driver reloaded. Far more than a GPU can draw: not a measurement.
    if (wattHours >= 0 && wattHours <= mostWattHours) {
      addCounter(acc.hours, track.mjT, sample.timeMs, wattHours);
    }
  }
  track.mjT = sample.timeMs;
  track.mj = mj;
}

function stale(acc: Accumulated, timeMs: number): void {
  acc.staleFromMs = Math.min(acc.staleFromMs ?? Infinity, timeMs);
}

/**
 * Energy (trapezoids per GPU), counter energy, coverage and busy time of samples by UTC hour,
 * continuing from `cursor` (the last sample integrated of each GPU) and returning where each GPU
 * stands after. Two samples further apart than `maxGapMs` add nothing, like EnergyIntegrator:
 * the pause was an outage. A sample older than its GPU's cursor is not integrated (it would
 * bridge samples already joined, or count a retried write twice): its time is returned as
 * `staleFromMs`, and a recompute from InfluxDB puts its hours right.
 *
 * @example
 * const { hours } = integrateSamples({}, samples, 30_000);
 */
export function integrateSamples(
  cursor: EnergyCursor,
  samples: EnergySample[],
  maxGapMs: number,
): Integrated {
  const acc: Accumulated = {
    hours: new Map(),
    cursor: {},
    staleFromMs: undefined,
    covered: [],
    busy: [],
    gpusByHour: new Map(),
  };
  for (const [gpu, track] of Object.entries(cursor)) acc.cursor[gpu] = { ...track };
  // Receipt order is time order within a GPU almost always; a stable sort makes it certain.
  const ordered = samples
    .filter((sample) => Number.isFinite(sample.timeMs))
    .sort((a, b) => a.timeMs - b.timeMs);
  for (const sample of ordered) {
    const track = (acc.cursor[sample.gpu] ??= {});
    const { watts, energyMj } = sample;
    if (isPower(watts)) addPower(acc, track, { ...sample, watts }, maxGapMs);
    if (isReading(energyMj)) addEnergyCounter(acc, track, { ...sample, energyMj });
  }
  addUnion(acc.hours, acc.covered, 'coveredS');
  addUnion(acc.hours, acc.busy, 'busyS');
  for (const [hour, gpus] of acc.gpusByHour) totalsAt(acc.hours, hour).gpus = gpus.size;
  return { hours: acc.hours, cursor: acc.cursor, staleFromMs: acc.staleFromMs };
}
