import { SERIES_BUDGET } from '@ioworker/contract/telemetry';
import type { AppDeps } from '../../app-env.js';
import type { GpuTagSet } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { knownSeries, storeKnownSeries, type KnownSeries } from './ingest.queries.js';
import type { KnownPoint } from './known-lines.js';

type Named<T> = { value: T; line: number };

/** The series one write touches, each with the line that first names it, in line order. */
export type WriteSeries = { gpuTagSets: Named<GpuTagSet>[]; serviceNames: Named<string>[] };

function refused(line: number, tag: string, message: string): ApiError {
  return ApiError.badRequest('invalid', `line ${line}: tag ${tag}: ${message}`);
}

function described(value: string): string {
  return value === '' ? 'none' : value;
}

/** Within one write a GPU index stands for one card: one uuid and one model. */
function assertOneTagSetPerGpu(known: Named<GpuTagSet>, point: KnownPoint, set: GpuTagSet) {
  const [gpu, uuid, model] = set;
  if (uuid !== known.value[1]) {
    throw refused(
      point.line,
      'uuid',
      `GPU ${gpu} already reports uuid ${described(known.value[1])} in this write`,
    );
  }
  if (model !== known.value[2]) {
    throw refused(
      point.line,
      'model',
      `GPU ${gpu} already reports model ${described(known.value[2])} in this write`,
    );
  }
}

/**
 * The GPU tag sets and service names of a write, refusing (400 naming the line and tag) a GPU
 * index with a second uuid or model, or more than `SERIES_BUDGET.gpusPerWrite` GPUs.
 */
export function seriesOfWrite(points: readonly KnownPoint[]): WriteSeries {
  const gpus = new Map<string, Named<GpuTagSet>>();
  const services = new Map<string, Named<string>>();
  for (const point of points) {
    if (point.measurement === 'service') {
      const name = point.tags.get('name') ?? '';
      if (!services.has(name)) services.set(name, { value: name, line: point.line });
      continue;
    }
    if (point.measurement !== 'gpu') continue;
    const set: GpuTagSet = [
      point.tags.get('gpu') ?? '',
      point.tags.get('uuid') ?? '',
      point.tags.get('model') ?? '',
    ];
    const known = gpus.get(set[0]);
    if (known) {
      assertOneTagSetPerGpu(known, point, set);
    } else if (gpus.size === SERIES_BUDGET.gpusPerWrite) {
      throw refused(point.line, 'gpu', `more than ${SERIES_BUDGET.gpusPerWrite} GPUs in one write`);
    } else {
      gpus.set(set[0], { value: set, line: point.line });
    }
  }
  return { gpuTagSets: [...gpus.values()], serviceNames: [...services.values()] };
}

// Tag values are printable (point-mapping.ts): NUL cannot occur in them.
const keyOf = (set: GpuTagSet) => set.join('\u0000');

/** The tag in which a new GPU tag set first differs from every known one. */
function newTagOf(set: GpuTagSet, known: GpuTagSet[]): 'gpu' | 'uuid' | 'model' {
  const sameGpu = known.filter((other) => other[0] === set[0]);
  if (sameGpu.length === 0) return 'gpu';
  return sameGpu.some((other) => other[1] === set[1]) ? 'model' : 'uuid';
}

function withGpuTagSets(known: GpuTagSet[], write: Named<GpuTagSet>[]): GpuTagSet[] {
  const merged = [...known];
  const keys = new Set(known.map(keyOf));
  for (const { value: set, line } of write) {
    if (keys.has(keyOf(set))) continue;
    if (merged.length >= SERIES_BUDGET.gpuTagSets) {
      const tag = newTagOf(set, merged);
      const value = described(tag === 'uuid' ? set[1] : set[2]);
      const card = tag === 'gpu' ? `GPU ${set[0]}` : `GPU ${set[0]} with ${tag} ${value}`;
      throw refused(
        line,
        tag,
        `series budget: ${card} would be a new series, and this device already has ${SERIES_BUDGET.gpuTagSets} GPU tag sets (gpu, uuid, model), the most it may`,
      );
    }
    merged.push(set);
    keys.add(keyOf(set));
  }
  return merged;
}

function withServiceNames(known: string[], write: Named<string>[]): string[] {
  const merged = new Set(known);
  for (const { value: name, line } of write) {
    if (merged.has(name)) continue;
    if (merged.size >= SERIES_BUDGET.serviceNames) {
      throw refused(
        line,
        'name',
        `series budget: service ${name} would be a new series, and this device already reports ${SERIES_BUDGET.serviceNames} services, the most it may`,
      );
    }
    merged.add(name);
  }
  return [...merged];
}

/** A device's known series as sets, so that a write's are looked up, not searched for. */
type SeriesSets = { gpuKeys: Set<string>; names: Set<string> };

function setsOf(known: KnownSeries): SeriesSets {
  return { gpuKeys: new Set(known.gpuTagSets.map(keyOf)), names: new Set(known.serviceNames) };
}

function isKnown(known: SeriesSets, write: WriteSeries): boolean {
  return (
    write.gpuTagSets.every(({ value }) => known.gpuKeys.has(keyOf(value))) &&
    write.serviceNames.every(({ value }) => known.names.has(value))
  );
}

const MAX_CACHED_DEVICES = 50_000;

/** Each device's series as this instance last read or stored them: never more than the DB's. */
export type KnownSeriesCache = Map<string, SeriesSets>;

export function createKnownSeriesCache(): KnownSeriesCache {
  return new Map();
}

function remember(cache: KnownSeriesCache, deviceId: string, known: SeriesSets): void {
  cache.delete(deviceId);
  cache.set(deviceId, known);
  for (const oldest of cache.keys()) {
    if (cache.size <= MAX_CACHED_DEVICES) break;
    cache.delete(oldest);
  }
}

/**
 * Adds a write's series to its device's budget before anything reaches InfluxDB; beyond the
 * budget it is a 400 naming the line and tag. The device row is locked while the budget is
 * counted, so parallel writes cannot each take the last places. Known series are never
 * forgotten, so a write naming only series this instance has seen needs no query at all.
 */
export async function reserveSeries(
  deps: Pick<AppDeps, 'db' | 'knownSeries'>,
  deviceId: string,
  write: WriteSeries,
): Promise<void> {
  if (write.gpuTagSets.length === 0 && write.serviceNames.length === 0) return;
  const cached = deps.knownSeries.get(deviceId);
  if (cached && isKnown(cached, write)) return;
  const seen = await knownSeries(deps.db, deviceId, { lock: false });
  if (!seen) return;
  const seenSets = setsOf(seen);
  if (isKnown(seenSets, write)) {
    remember(deps.knownSeries, deviceId, seenSets);
    return;
  }
  const stored = await deps.db.transaction().execute(async (trx) => {
    const known = await knownSeries(trx, deviceId, { lock: true });
    if (!known) return undefined;
    const merged = {
      gpuTagSets: withGpuTagSets(known.gpuTagSets, write.gpuTagSets),
      serviceNames: withServiceNames(known.serviceNames, write.serviceNames),
    };
    await storeKnownSeries(trx, deviceId, merged);
    return merged;
  });
  // Only once committed: the cache must never hold a series the database does not.
  if (stored) remember(deps.knownSeries, deviceId, setsOf(stored));
}
