import type { AppDeps } from '../../app-env.js';
import type { EnergyCursor } from '../../db/database.js';
import type { InfluxSeries, MetricsStore } from '../../influx/influx-client.js';
import { repeatWithPause } from '../../lib/repeat.js';
import { MISSED_INTERVALS } from '../status/device-connection.js';
import { integrateSamples, type EnergySample, type Integrated } from './energy-hours.js';
import {
  lockEnergyState,
  markRecentEnergyStale,
  replaceEnergyHours,
  staleDevices,
} from './energy.queries.js';

const HOUR_MS = 3_600_000;
/** Samples before the first hour are read too, so its first trapezoids and counter span count. */
const LOOKBACK_MS = 15 * 60_000;
const SAMPLES_PER_PAGE = 10_000;
/** The gateway accepts sample times up to 5 minutes ahead. */
const FUTURE_MS = 5 * 60_000;
const ATTEMPTS = 3;
const DEVICES_PER_PASS = 20;

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function numeric(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function samplesOf(series: InfluxSeries): EnergySample[] {
  const column = (name: string) => series.columns.indexOf(name);
  const [watts, utilization, energy] = [
    column('power_w'),
    column('utilization_pct'),
    column('energy_mj'),
  ];
  const gpu = series.tags?.gpu ?? '0';
  return series.values.map((row) => ({
    gpu,
    timeMs: Number(row[0]),
    watts: numeric(row[watts]),
    utilizationPct: numeric(row[utilization]),
    energyMj: numeric(row[energy]),
  }));
}

function addHours(into: Integrated['hours'], page: Integrated['hours']): void {
  for (const [hour, totals] of page) {
    const current = into.get(hour);
    if (!current) {
      into.set(hour, totals);
      continue;
    }
    current.energyWh += totals.energyWh;
    current.counterWh += totals.counterWh;
    current.coveredS = Math.min(3600, current.coveredS + totals.coveredS);
    current.busyS = Math.min(3600, current.busyS + totals.busyS);
    current.samples += totals.samples;
    current.gpus = Math.max(current.gpus, totals.gpus);
  }
}

/**
 * A device's raw GPU readings from `fromMs` on, integrated a page at a time through the cursor,
 * so memory stays bounded however long the recompute (30 days of 8 GPUs is 2 million samples).
 */
async function integrateStored(
  metrics: MetricsStore,
  deviceId: string,
  fromMs: number,
  intervalS: number,
): Promise<Integrated> {
  const maxGapMs = MISSED_INTERVALS * intervalS * 1000;
  const total: Integrated = { hours: new Map(), cursor: {}, staleFromMs: undefined };
  const pageMs = SAMPLES_PER_PAGE * intervalS * 1000;
  const to = Date.now() + FUTURE_MS;
  for (let start = fromMs; start < to; start += pageMs) {
    const end = Math.min(to, start + pageMs);
    const series = await metrics.query(
      `SELECT "power_w", "utilization_pct", "energy_mj" FROM "gpu" WHERE "device" = ${quote(deviceId)} AND time >= ${start}ms AND time < ${end}ms GROUP BY "gpu"`,
    );
    const page = integrateSamples(total.cursor, series.flatMap(samplesOf), maxGapMs);
    addHours(total.hours, page.hours);
    total.cursor = page.cursor;
  }
  return total;
}

/** Whether the recompute saw every sample the durable cursor has integrated. */
function covers(computed: EnergyCursor, durable: EnergyCursor): boolean {
  return Object.entries(durable).every(([gpu, track]) => {
    const mine = computed[gpu];
    return (
      (track.t === undefined || (mine?.t ?? -Infinity) >= track.t) &&
      (track.mjT === undefined || (mine?.mjT ?? -Infinity) >= track.mjT)
    );
  });
}

/**
 * Recomputes a device's energy hours from `fromMs`'s hour on from its raw samples in InfluxDB,
 * and replaces them. Under the row's lock it checks that InfluxDB held every sample a flush has
 * integrated since (a flush writes to InfluxDB first): if not, it reads again. Samples another
 * instance still buffers are newer than the cursor stored here, and integrate from it.
 */
export async function recomputeEnergy(
  deps: Pick<AppDeps, 'db' | 'metrics'>,
  deviceId: string,
  fromMs: number,
  staleFrom: Date | null,
): Promise<boolean> {
  const { db, metrics } = deps;
  if (!metrics) return false;
  const fromHour = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const state = await lockEnergyState(db, deviceId);
    if (!state) return false;
    const maxGapMs = MISSED_INTERVALS * state.interval_s * 1000;
    const readFrom = fromHour - Math.max(LOOKBACK_MS, maxGapMs);
    const integrated = await integrateStored(metrics, deviceId, readFrom, state.interval_s);
    const hours = [...integrated.hours].filter(([hour]) => hour >= fromHour);
    const done = await db.transaction().execute(async (trx) => {
      const locked = await lockEnergyState(trx, deviceId);
      if (!locked || !covers(integrated.cursor, locked.energy_cursor)) return false;
      await replaceEnergyHours(trx, deviceId, {
        fromHour: new Date(fromHour),
        hours,
        cursor: { ...locked.energy_cursor, ...integrated.cursor },
        staleFrom,
      });
      return true;
    });
    if (done) return true;
  }
  return false;
}

/** One pass: the devices longest waiting for a recompute. */
export async function repairStaleEnergy(deps: Pick<AppDeps, 'db' | 'metrics'>): Promise<number> {
  const stale = await staleDevices(deps.db, DEVICES_PER_PASS);
  for (const { id, energy_stale_from: from } of stale) {
    if (from) await recomputeEnergy(deps, id, from.getTime(), from);
  }
  return stale.length;
}

/**
 * Crash recovery and late samples: at start, every recently active device's hours since its
 * durable cursor are marked for a recompute (what a killed instance buffered is only in
 * InfluxDB); then marked devices are recomputed every `everyMs`.
 */
export function startEnergyRepair(
  deps: Pick<AppDeps, 'db' | 'metrics' | 'logger'>,
  everyMs = 5000,
): () => Promise<void> {
  const marked = markRecentEnergyStale(deps.db).catch((error: Error) => {
    deps.logger.warn({ err: error.message }, 'marking energy hours for recompute failed');
  });
  return repeatWithPause(
    async () => {
      await marked;
      await repairStaleEnergy(deps);
    },
    everyMs,
    (error) => deps.logger.warn({ err: error.message }, 'energy recompute failed'),
  );
}
