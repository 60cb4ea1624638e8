import { SERIES_BUDGET } from '@ioworker/contract/telemetry';
import type { LatestSample, StoredGpu } from '../../db/database.js';
import { valuesOf, type KnownPoint } from './known-lines.js';
import type { StoredValue } from './point-mapping.js';

/** A point of a write, parsed or known (known-lines.ts), at its time in ms. */
export type TimedPoint = KnownPoint & { timeMs: number };

const SERVICE_STALE_MS = 24 * 60 * 60 * 1000;

export function numberOf(value: StoredValue | undefined): number | undefined {
  if (!value || value.type === 'string') return undefined;
  return Number(value.value);
}

type GpuReading = LatestSample['gpus'][number];

/** The newest point of one GPU, read once: its readings and what the inventory keeps. */
type GpuReport = {
  atMs: number;
  reading: GpuReading;
  uuid?: string;
  model?: string;
  memoryTotalMiB?: number;
};

type HostReading = {
  atMs: number;
  uptimeS?: number;
  cpuPct?: number;
  rxBytes?: number;
  txBytes?: number;
  agentVersion?: string;
};

type ServiceReading = { name: string; up: boolean; atMs: number };

/**
 * What writes contribute to a device's latest sample and inventory, read once from their points
 * into plain values: the newest report of each GPU, the two newest host readings (for rates) and
 * the newest check of each service. Merging fragments gives what merging their points gives,
 * and a fragment is small and holds no body, so one kept until the flush costs little.
 */
export type SampleFragment = {
  /** The newest of its readings' times; -Infinity when it has none. */
  newestMs: number;
  gpus: GpuReport[];
  /** Oldest first. */
  hosts: HostReading[];
  services: ServiceReading[];
};

/** The newest item of each key; of two at the same time, the later in `items`. */
function newestPerKey<T>(
  items: T[],
  key: (item: T) => string | number,
  timeOf: (item: T) => number,
): T[] {
  const newest = new Map<string | number, T>();
  for (const item of items) {
    const current = newest.get(key(item));
    if (current === undefined || timeOf(item) >= timeOf(current)) newest.set(key(item), item);
  }
  return [...newest.values()];
}

const pointTime = (point: TimedPoint) => point.timeMs;
const readingTime = (reading: { atMs: number }) => reading.atMs;

// A loop, not Math.max(...times): a 5 MB batch holds more points than a call takes arguments.
function newestTimeOf(items: { atMs: number }[]): number {
  let newest = -Infinity;
  for (const item of items) if (item.atMs > newest) newest = item.atMs;
  return newest;
}

function gpuReport(point: TimedPoint): GpuReport {
  const values = valuesOf(point.fields);
  const number = (key: string) => numberOf(values.get(key));
  return {
    atMs: point.timeMs,
    reading: {
      index: Number(point.tags.get('gpu')),
      temperatureC: number('temperature_c'),
      powerW: number('power_w'),
      powerLimitW: number('power_limit_w'),
      utilizationPct: number('utilization_pct'),
      memoryUsedMiB: number('memory_used_mib'),
      fanPct: number('fan_pct'),
      throttled: values.has('throttled') ? number('throttled') === 1 : undefined,
      eccErrors: number('ecc_errors'),
      xidErrors: number('xid_errors'),
    },
    uuid: point.tags.get('uuid'),
    model: point.tags.get('model'),
    memoryTotalMiB: number('memory_total_mib'),
  };
}

function hostReading(point: TimedPoint): HostReading {
  const values = valuesOf(point.fields);
  const agentVersion = values.get('agent_version');
  return {
    atMs: point.timeMs,
    uptimeS: numberOf(values.get('uptime_s')),
    cpuPct: numberOf(values.get('cpu_pct')),
    rxBytes: numberOf(values.get('rx_bytes')),
    txBytes: numberOf(values.get('tx_bytes')),
    agentVersion: agentVersion?.type === 'string' ? agentVersion.value : undefined,
  };
}

function fragmentOf(
  gpus: GpuReport[],
  hosts: HostReading[],
  services: ServiceReading[],
): SampleFragment {
  const newestMs = Math.max(newestTimeOf(gpus), newestTimeOf(hosts), newestTimeOf(services));
  return { newestMs, gpus, hosts, services };
}

/** A batch's fragment: only the points it keeps are read, however long the batch. */
export function sampleFragment(points: TimedPoint[]): SampleFragment {
  const gpus = points.filter((point) => point.measurement === 'gpu');
  const hosts = points
    .filter((point) => point.measurement === 'host')
    .sort((a, b) => a.timeMs - b.timeMs)
    .slice(-2);
  const services = points.filter((point) => point.measurement === 'service');
  return fragmentOf(
    newestPerKey(gpus, (point) => point.tags.get('gpu') ?? '', pointTime).map(gpuReport),
    hosts.map(hostReading),
    newestPerKey(services, (point) => point.tags.get('name') ?? '', pointTime).map((point) => ({
      name: point.tags.get('name') ?? '',
      up: numberOf(point.fields.get('up')) === 1,
      atMs: point.timeMs,
    })),
  );
}

/** Two fragments as one; of readings at the same time, the newer fragment's wins. */
export function joinFragments(older: SampleFragment, newer: SampleFragment): SampleFragment {
  return fragmentOf(
    newestPerKey([...older.gpus, ...newer.gpus], (gpu) => gpu.reading.index, readingTime),
    [...older.hosts, ...newer.hosts].sort((a, b) => a.atMs - b.atMs).slice(-2),
    newestPerKey([...older.services, ...newer.services], (service) => service.name, readingTime),
  );
}

/** The GPUs' readings at the newest time any GPU reported. */
function latestGpus(reports: GpuReport[]): LatestSample['gpus'] | undefined {
  if (reports.length === 0) return undefined;
  const newestTime = newestTimeOf(reports);
  return reports
    .filter((report) => report.atMs === newestTime)
    .map((report) => report.reading)
    .sort((a, b) => a.index - b.index);
}

/** Transfer rates come from consecutive byte counters; a counter reset gives no rate. */
function rate(current: number | undefined, previous: number | undefined, seconds: number) {
  if (current === undefined || previous === undefined || seconds <= 0 || current < previous)
    return undefined;
  return (current - previous) / seconds;
}

function latestHost(hosts: HostReading[], previous: LatestSample['host']): LatestSample['host'] {
  const newest = hosts.at(-1);
  if (!newest) return previous;
  const earlier =
    hosts.at(-2) ??
    (previous && {
      atMs: Date.parse(previous.at),
      rxBytes: previous.rxBytes,
      txBytes: previous.txBytes,
    });
  const seconds = earlier ? (newest.atMs - earlier.atMs) / 1000 : 0;
  return {
    at: new Date(newest.atMs).toISOString(),
    uptimeS: newest.uptimeS,
    cpuPct: newest.cpuPct,
    rxBytes: newest.rxBytes,
    txBytes: newest.txBytes,
    rxBytesPerSec: rate(newest.rxBytes, earlier?.rxBytes, seconds),
    txBytesPerSec: rate(newest.txBytes, earlier?.txBytes, seconds),
    agentVersion: newest.agentVersion,
  };
}

/**
 * The services as last reported, without those not reported for SERVICE_STALE_MS (no longer
 * watched) and at most SERIES_BUDGET.serviceNames of them, the most recently checked: rows
 * stored before the budget existed may hold thousands.
 */
function latestServices(
  checks: ServiceReading[],
  previous: LatestSample['services'],
  atMs: number,
): LatestSample['services'] {
  const merged = new Map(
    previous.map((service) => [service.name, { ...service, atMs: Date.parse(service.checkedAt) }]),
  );
  for (const check of checks) {
    merged.set(check.name, {
      name: check.name,
      up: check.up,
      checkedAt: new Date(check.atMs).toISOString(),
      atMs: check.atMs,
    });
  }
  return [...merged.values()]
    .filter((service) => service.atMs > atMs - SERVICE_STALE_MS)
    .sort((a, b) => b.atMs - a.atMs)
    .slice(0, SERIES_BUDGET.serviceNames)
    .map(({ name, up, checkedAt }) => ({ name, up, checkedAt }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Merges a fragment into the stored latest sample; an older backlog never overwrites newer data,
 * and a fragment with no readings leaves it as it is.
 */
export function mergeLatest(
  previous: LatestSample | null,
  fragment: SampleFragment,
): LatestSample | null {
  const newest = fragment.newestMs;
  if (newest === -Infinity) return previous;
  const previousAt = previous ? Date.parse(previous.at) : -Infinity;
  const isNewer = newest >= previousAt;
  return {
    at: new Date(Math.max(newest, previousAt)).toISOString(),
    gpus: (isNewer ? latestGpus(fragment.gpus) : undefined) ?? previous?.gpus ?? [],
    host: isNewer ? latestHost(fragment.hosts, previous?.host) : previous?.host,
    services: isNewer
      ? latestServices(fragment.services, previous?.services ?? [], newest)
      : (previous?.services ?? []),
  };
}

function sameGpu(a: StoredGpu, b: StoredGpu | undefined): boolean {
  return (
    a.index === b?.index &&
    a.uuid === b.uuid &&
    a.model === b.model &&
    a.memoryTotalMiB === b.memoryTotalMiB
  );
}

/**
 * The GPU inventory as the node reports it now (index, uuid, model, memory). An unchanged one is
 * the same array as before: the device keeps it between writes, and a copy made every write
 * would outlive the young generation only to be thrown away.
 */
export function inventoryOf(fragment: SampleFragment, previous: StoredGpu[]): StoredGpu[] {
  if (fragment.gpus.length === 0) return previous;
  const inventory = fragment.gpus
    .map((report) => {
      const index = report.reading.index;
      const known = previous.find((gpu) => gpu.index === index);
      const uuid = report.uuid ?? known?.uuid;
      return {
        index,
        ...(uuid ? { uuid } : {}),
        model: report.model ?? known?.model ?? 'Unknown GPU',
        memoryTotalMiB: Math.round(report.memoryTotalMiB ?? known?.memoryTotalMiB ?? 0),
      };
    })
    .sort((a, b) => a.index - b.index);
  const unchanged =
    inventory.length === previous.length &&
    inventory.every((gpu, position) => sameGpu(gpu, previous[position]));
  return unchanged ? previous : inventory;
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
