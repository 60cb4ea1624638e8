import { SERIES_BUDGET } from '@ioworker/contract/telemetry';
import type { LatestSample, StoredGpu } from '../../db/database.js';
import type { KnownPoint } from './known-lines.js';
import type { StoredValue } from './point-mapping.js';

/** A point of a write, parsed or known (known-lines.ts), at its time in ms. */
export type TimedPoint = KnownPoint & { timeMs: number };

const SERVICE_STALE_MS = 24 * 60 * 60 * 1000;

export function numberOf(value: StoredValue | undefined): number | undefined {
  if (!value || value.type === 'string') return undefined;
  return Number(value.value);
}

function newestPerKey(points: TimedPoint[], key: (point: TimedPoint) => string): TimedPoint[] {
  const newest = new Map<string, TimedPoint>();
  for (const point of points) {
    const current = newest.get(key(point));
    if (!current || point.timeMs >= current.timeMs) newest.set(key(point), point);
  }
  return [...newest.values()];
}

// A loop, not Math.max(...times): a 5 MB batch holds more points than a call takes arguments.
function newestTimeOf(points: TimedPoint[]): number {
  let newest = -Infinity;
  for (const point of points) if (point.timeMs > newest) newest = point.timeMs;
  return newest;
}

function latestGpus(points: TimedPoint[]): LatestSample['gpus'] | undefined {
  const gpuPoints = points.filter((point) => point.measurement === 'gpu');
  if (gpuPoints.length === 0) return undefined;
  const newestTime = newestTimeOf(gpuPoints);
  return gpuPoints
    .filter((point) => point.timeMs === newestTime)
    .map((point) => ({
      index: Number(point.tags.get('gpu')),
      temperatureC: numberOf(point.fields.get('temperature_c')),
      powerW: numberOf(point.fields.get('power_w')),
      powerLimitW: numberOf(point.fields.get('power_limit_w')),
      utilizationPct: numberOf(point.fields.get('utilization_pct')),
      memoryUsedMiB: numberOf(point.fields.get('memory_used_mib')),
      fanPct: numberOf(point.fields.get('fan_pct')),
      throttled: point.fields.has('throttled')
        ? numberOf(point.fields.get('throttled')) === 1
        : undefined,
      eccErrors: numberOf(point.fields.get('ecc_errors')),
      xidErrors: numberOf(point.fields.get('xid_errors')),
    }))
    .sort((a, b) => a.index - b.index);
}

/** Transfer rates come from consecutive byte counters; a counter reset gives no rate. */
function rate(current: number | undefined, previous: number | undefined, seconds: number) {
  if (current === undefined || previous === undefined || seconds <= 0 || current < previous)
    return undefined;
  return (current - previous) / seconds;
}

function latestHost(points: TimedPoint[], previous: LatestSample['host']): LatestSample['host'] {
  const hosts = points
    .filter((point) => point.measurement === 'host')
    .sort((a, b) => a.timeMs - b.timeMs);
  const newest = hosts.at(-1);
  if (!newest) return previous;
  const before = hosts.at(-2);
  const earlier = before
    ? {
        at: before.timeMs,
        rx: numberOf(before.fields.get('rx_bytes')),
        tx: numberOf(before.fields.get('tx_bytes')),
      }
    : previous && { at: Date.parse(previous.at), rx: previous.rxBytes, tx: previous.txBytes };
  const rxBytes = numberOf(newest.fields.get('rx_bytes'));
  const txBytes = numberOf(newest.fields.get('tx_bytes'));
  const seconds = earlier ? (newest.timeMs - earlier.at) / 1000 : 0;
  const agentVersion = newest.fields.get('agent_version');
  return {
    at: new Date(newest.timeMs).toISOString(),
    uptimeS: numberOf(newest.fields.get('uptime_s')),
    cpuPct: numberOf(newest.fields.get('cpu_pct')),
    rxBytes,
    txBytes,
    rxBytesPerSec: rate(rxBytes, earlier?.rx, seconds),
    txBytesPerSec: rate(txBytes, earlier?.tx, seconds),
    agentVersion: agentVersion?.type === 'string' ? agentVersion.value : undefined,
  };
}

/**
 * The services as last reported, without those not reported for SERVICE_STALE_MS (no longer
 * watched) and at most SERIES_BUDGET.serviceNames of them, the most recently checked: rows
 * stored before the budget existed may hold thousands.
 */
function latestServices(
  points: TimedPoint[],
  previous: LatestSample['services'],
  atMs: number,
): LatestSample['services'] {
  const merged = new Map(previous.map((service) => [service.name, service]));
  const services = points.filter((point) => point.measurement === 'service');
  for (const point of newestPerKey(services, (service) => service.tags.get('name') ?? '')) {
    merged.set(point.tags.get('name') ?? '', {
      name: point.tags.get('name') ?? '',
      up: numberOf(point.fields.get('up')) === 1,
      checkedAt: new Date(point.timeMs).toISOString(),
    });
  }
  const checked = [...merged.values()].map((service) => ({
    service,
    atMs: Date.parse(service.checkedAt),
  }));
  return checked
    .filter((each) => each.atMs > atMs - SERVICE_STALE_MS)
    .sort((a, b) => b.atMs - a.atMs)
    .slice(0, SERIES_BUDGET.serviceNames)
    .map((each) => each.service)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The points `mergeLatest` and `inventoryOf` can use of a batch: the newest of each GPU, the two
 * newest host points (for rates) and the newest of each service. Merging these gives what
 * merging the whole batch gives, so a buffer of several writes stays small.
 */
export function pointsForLatest(points: TimedPoint[]): TimedPoint[] {
  const hosts = points
    .filter((point) => point.measurement === 'host')
    .sort((a, b) => a.timeMs - b.timeMs)
    .slice(-2);
  const gpus = points.filter((point) => point.measurement === 'gpu');
  const newestGpuTime = newestTimeOf(gpus);
  return [
    ...gpus.filter((point) => point.timeMs === newestGpuTime),
    ...newestPerKey(
      gpus.filter((point) => point.timeMs !== newestGpuTime),
      (point) => point.tags.get('gpu') ?? '',
    ),
    ...hosts,
    ...newestPerKey(
      points.filter((point) => point.measurement === 'service'),
      (point) => point.tags.get('name') ?? '',
    ),
  ];
}

/** Merges a batch into the stored latest sample; an older backlog never overwrites newer data. */
export function mergeLatest(previous: LatestSample | null, points: TimedPoint[]): LatestSample {
  const newest = newestTimeOf(points);
  const previousAt = previous ? Date.parse(previous.at) : -Infinity;
  const isNewer = newest >= previousAt;
  return {
    at: new Date(Math.max(newest, previousAt)).toISOString(),
    gpus: (isNewer ? latestGpus(points) : undefined) ?? previous?.gpus ?? [],
    host: isNewer ? latestHost(points, previous?.host) : previous?.host,
    services: isNewer
      ? latestServices(points, previous?.services ?? [], newest)
      : (previous?.services ?? []),
  };
}

/** The GPU inventory as the node reports it now (index, uuid, model, memory). */
export function inventoryOf(points: TimedPoint[], previous: StoredGpu[]): StoredGpu[] {
  const gpus = newestPerKey(
    points.filter((point) => point.measurement === 'gpu'),
    (point) => point.tags.get('gpu') ?? '',
  );
  if (gpus.length === 0) return previous;
  return gpus
    .map((point) => {
      const index = Number(point.tags.get('gpu'));
      const known = previous.find((gpu) => gpu.index === index);
      const uuid = point.tags.get('uuid') ?? known?.uuid;
      return {
        index,
        ...(uuid ? { uuid } : {}),
        model: point.tags.get('model') ?? known?.model ?? 'Unknown GPU',
        memoryTotalMiB: Math.round(
          numberOf(point.fields.get('memory_total_mib')) ?? known?.memoryTotalMiB ?? 0,
        ),
      };
    })
    .sort((a, b) => a.index - b.index);
}

/** What a live `device.sample` event carries of the latest sample. */
export function sampleEvent(deviceId: string, latest: LatestSample) {
  return {
    deviceId,
    at: latest.at,
    gpus: latest.gpus.map((gpu) => ({
      index: gpu.index,
      temperatureC: gpu.temperatureC,
      powerW: gpu.powerW,
      utilizationPct: gpu.utilizationPct,
    })),
  };
}
