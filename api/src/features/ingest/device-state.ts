import { sql } from 'kysely';
import type { DeviceStatus, LatestSample, StoredGpu } from '../../db/database.js';
import type { AppDeps, AuthenticatedDevice } from '../../lib/app-env.js';
import { announceStatus } from '../status/device-status.js';
import type { MappedPoint, StoredValue } from './point-mapping.js';

export type TimedPoint = MappedPoint & { timeMs: number };

function numberOf(value: StoredValue | undefined): number | undefined {
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

function latestGpus(points: TimedPoint[]): LatestSample['gpus'] | undefined {
  const gpuPoints = points.filter((point) => point.measurement === 'gpu');
  if (gpuPoints.length === 0) return undefined;
  const newestTime = Math.max(...gpuPoints.map((point) => point.timeMs));
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

function latestServices(
  points: TimedPoint[],
  previous: LatestSample['services'],
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
  return [...merged.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Merges a batch into the stored latest sample; an older backlog never overwrites newer data. */
export function mergeLatest(previous: LatestSample | null, points: TimedPoint[]): LatestSample {
  const newest = Math.max(...points.map((point) => point.timeMs));
  const previousAt = previous ? Date.parse(previous.at) : -Infinity;
  const isNewer = newest >= previousAt;
  return {
    at: new Date(Math.max(newest, previousAt)).toISOString(),
    gpus: (isNewer ? latestGpus(points) : undefined) ?? previous?.gpus ?? [],
    host: isNewer ? latestHost(points, previous?.host) : previous?.host,
    services: isNewer
      ? latestServices(points, previous?.services ?? [])
      : (previous?.services ?? []),
  };
}

/** The GPU inventory as the node reports it now (index, uuid, model, memory). */
function inventoryOf(points: TimedPoint[], previous: StoredGpu[]): StoredGpu[] {
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
        memoryTotalMiB:
          numberOf(point.fields.get('memory_total_mib')) ?? known?.memoryTotalMiB ?? 0,
      };
    })
    .sort((a, b) => a.index - b.index);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of a moment in the account's time zone. */
export function localDay(timeMs: number, timezone: string): string {
  let format = dayFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timezone, format);
  }
  return format.format(new Date(timeMs));
}

/**
 * Seconds of reporting each day: each distinct sample time (to the second) stands for one
 * interval of the node being up, whatever measurements it carried (our collector or Telegraf).
 */
function coverageByDay(
  points: TimedPoint[],
  intervalS: number,
  timezone: string,
): Map<string, number> {
  const byDay = new Map<string, number>();
  const sampleSeconds = new Set(points.map((point) => Math.floor(point.timeMs / 1000)));
  for (const second of sampleSeconds) {
    const day = localDay(second * 1000, timezone);
    byDay.set(day, (byDay.get(day) ?? 0) + intervalS);
  }
  return byDay;
}

function summary(deviceId: string, latest: LatestSample) {
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

/**
 * After a write reached InfluxDB, in one statement: last seen (time of receipt), online, the
 * reporting interval, the latest sample, the GPU inventory, dropped fields and uptime per day.
 * The row's previous status comes back from the same statement, so a transition to online is
 * announced exactly once. Then live events.
 */
export async function recordSamples(
  deps: Pick<AppDeps, 'db' | 'events'>,
  device: AuthenticatedDevice,
  points: TimedPoint[],
  droppedFields: number,
): Promise<void> {
  const hostInterval = points
    .find((point) => point.measurement === 'host')
    ?.fields.get('interval_s');
  const intervalS = Math.min(
    3600,
    Math.max(1, Math.round(numberOf(hostInterval) ?? device.intervalS)),
  );
  const latest = points.length > 0 ? mergeLatest(device.latest, points) : device.latest;
  const uptime = [...coverageByDay(points, intervalS, device.timezone)].map(([day, seconds]) => ({
    day,
    seconds,
  }));
  // One statement: the uptime upsert rides along as a data-modifying CTE, and the row's
  // previous status is read under the row lock.
  const { rows } = await sql<{ previous_status: DeviceStatus; last_seen_at: Date }>`
    WITH uptime AS (
      INSERT INTO device_uptime_days (device_id, day, covered_seconds)
      SELECT ${device.deviceId}, (entry->>'day')::date, (entry->>'seconds')::int
      FROM jsonb_array_elements(${JSON.stringify(uptime)}::jsonb) AS entry
      ON CONFLICT (device_id, day) DO UPDATE
        SET covered_seconds = least(86400, device_uptime_days.covered_seconds + excluded.covered_seconds)
    )
    UPDATE devices SET
      last_seen_at = now(),
      reported_status = 'online',
      interval_s = ${intervalS},
      latest = ${latest ? JSON.stringify(latest) : null}::jsonb,
      gpus = ${JSON.stringify(inventoryOf(points, device.gpus))}::jsonb,
      dropped_fields = dropped_fields + ${droppedFields}
    FROM (SELECT reported_status AS previous_status FROM devices WHERE id = ${device.deviceId} FOR UPDATE) AS before
    WHERE devices.id = ${device.deviceId}
    RETURNING before.previous_status, devices.last_seen_at`.execute(deps.db);
  const row = rows[0];
  if (row && row.previous_status !== 'online') {
    await announceStatus(
      deps,
      { ...device, lastSeenAt: row.last_seen_at },
      'online',
      row.previous_status === 'pending',
    );
  }
  if (latest && points.length > 0) {
    await deps.events.publish(device.accountId, {
      type: 'device.sample',
      data: summary(device.deviceId, latest),
    });
  }
}
