import { Point } from '@influxdata/influxdb-client';
import { fieldsOfType, MAX_TAG_LENGTH, type FieldsOfType } from '@ioworker/contract/telemetry';

/** The `gpu` measurement's fields (docs/line-protocol.md), by stored type. */
export const GPU_FLOAT_FIELDS = fieldsOfType('gpu', 'float');
export const GPU_INT_FIELDS = fieldsOfType('gpu', 'int');

export type GpuFloatField = FieldsOfType<'gpu', 'float'>;
export type GpuIntField = FieldsOfType<'gpu', 'int'>;

/** One GPU at one moment. A field the hardware does not report is absent, never 0. */
export type GpuReading = {
  index: number;
  uuid?: string;
  model?: string;
  floats: Partial<Record<GpuFloatField, number>>;
  ints: Partial<Record<GpuIntField, number>>;
};

export type HostReading = {
  uptime_s?: number;
  cpu_pct?: number;
  mem_used_mib?: number;
  mem_total_mib?: number;
  rx_bytes?: number;
  tx_bytes?: number;
};

/** The collector's own health, carried on the `host` line. */
export type AgentHealth = {
  intervalS?: number;
  collectMs?: number;
  bufferedPoints?: number;
  droppedPoints?: number;
  agentVersion: string;
};

function boundedTag(value: string): string {
  return value.trim().slice(0, MAX_TAG_LENGTH);
}

export function gpuPoint(reading: GpuReading, time: Date): Point {
  const point = new Point('gpu').tag('gpu', String(reading.index)).timestamp(time);
  if (reading.uuid) point.tag('uuid', boundedTag(reading.uuid));
  if (reading.model) point.tag('model', boundedTag(reading.model));
  for (const field of GPU_FLOAT_FIELDS) {
    const value = reading.floats[field];
    if (value !== undefined && Number.isFinite(value)) point.floatField(field, value);
  }
  for (const field of GPU_INT_FIELDS) {
    const value = reading.ints[field];
    if (value !== undefined && Number.isInteger(value)) point.intField(field, value);
  }
  return point;
}

export function hostPoint(reading: HostReading, time: Date): Point {
  const point = new Point('host').timestamp(time);
  const floats = ['uptime_s', 'cpu_pct', 'mem_used_mib', 'mem_total_mib'] as const;
  for (const field of floats) {
    const value = reading[field];
    if (value !== undefined && Number.isFinite(value)) point.floatField(field, value);
  }
  for (const field of ['rx_bytes', 'tx_bytes'] as const) {
    const value = reading[field];
    if (value !== undefined && Number.isInteger(value)) point.intField(field, value);
  }
  return point;
}

/** Adds the agent's health fields to a `host` point (they belong on the same line). */
export function addAgentHealth(point: Point, health: AgentHealth): Point {
  if (health.intervalS !== undefined) point.floatField('interval_s', health.intervalS);
  if (health.collectMs !== undefined) point.floatField('collect_ms', round(health.collectMs, 1));
  if (health.bufferedPoints !== undefined) point.intField('buffered_points', health.bufferedPoints);
  if (health.droppedPoints !== undefined) point.intField('dropped_points', health.droppedPoints);
  return point.stringField('agent_version', health.agentVersion);
}

export function servicePoint(name: string, up: boolean, time: Date): Point {
  return new Point('service')
    .tag('name', name)
    .intField('up', up ? 1 : 0)
    .timestamp(time);
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
