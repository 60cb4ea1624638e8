import type { FieldValue } from '@ioworker/contract/line-protocol';
import {
  fieldsOfType,
  MAX_TAG_LENGTH,
  type FieldsOfType,
  type Measurement,
} from '@ioworker/contract/telemetry';

/** The `gpu` measurement's fields (docs/line-protocol.md), by stored type. */
export const GPU_FLOAT_FIELDS = fieldsOfType('gpu', 'float');
export const GPU_INT_FIELDS = fieldsOfType('gpu', 'int');

export type GpuFloatField = FieldsOfType<'gpu', 'float'>;
export type GpuIntField = FieldsOfType<'gpu', 'int'>;

/**
 * One line to write: plain tag and field lists that `formatLine` reads as they are. The
 * timestamp is in milliseconds, the precision the shipper writes with.
 */
export type TelemetryPoint = {
  readonly measurement: Measurement;
  readonly tags: [string, string][];
  readonly fields: [string, FieldValue][];
  readonly timestamp: bigint;
};

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

const HOST_FLOAT_FIELDS = ['uptime_s', 'cpu_pct', 'mem_used_mib', 'mem_total_mib'] as const;
const HOST_INT_FIELDS = ['rx_bytes', 'tx_bytes'] as const;

// 2^63: a double below it, whole, fits a signed 64-bit field.
const INT64_LIMIT = 2 ** 63;
// Flags and small counters repeat on every line: their BigInts are made once.
const SMALL_INTS = Array.from({ length: 256 }, (_, value) => BigInt(value));
// The gateway stores a tag only without these (`printable`); line protocol cannot carry them.
const CONTROL_CHARACTERS = /\p{Cc}/gu;
// A cut may leave half a surrogate pair or a backslash that would escape the separator.
const UNWRITABLE_END = /(?:[\ud800-\udbff]|\\+)$/;

/** A finite number as a float field value; undefined for NaN and infinities. */
export function floatValue(value: number | undefined): FieldValue | undefined {
  return value !== undefined && Number.isFinite(value) ? { type: 'float', value } : undefined;
}

/** A whole number in the signed 64-bit range as an int field value (`…i`); else undefined. */
export function intValue(value: number | undefined): FieldValue | undefined {
  if (value === undefined || !Number.isInteger(value) || Math.abs(value) >= INT64_LIMIT) {
    return undefined;
  }
  return { type: 'int', value: SMALL_INTS[value] ?? BigInt(value) };
}

/** Sets a field, replacing one of the same name: a line the gateway forwards repeats none. */
export function setField(
  point: TelemetryPoint,
  key: string,
  value: FieldValue | undefined,
): TelemetryPoint {
  if (value === undefined) return point;
  const at = point.fields.findIndex(([name]) => name === key);
  if (at >= 0) point.fields[at] = [key, value];
  else point.fields.push([key, value]);
  return point;
}

/** Sets a tag, replacing one of the same key. */
export function setTag(point: TelemetryPoint, key: string, value: string): TelemetryPoint {
  const at = point.tags.findIndex(([name]) => name === key);
  if (at >= 0) point.tags[at] = [key, value];
  else point.tags.push([key, value]);
  return point;
}

/** A tag value the gateway stores as written: printable, trimmed, at most MAX_TAG_LENGTH. */
function boundedTag(value: string): string {
  const cut = value.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, MAX_TAG_LENGTH);
  return cut.replace(UNWRITABLE_END, '').trimEnd();
}

function pointAt(
  measurement: Measurement,
  time: Date,
  tags: [string, string][] = [],
): TelemetryPoint {
  return { measurement, tags, fields: [], timestamp: BigInt(time.getTime()) };
}

export function gpuPoint(reading: GpuReading, time: Date): TelemetryPoint {
  // Tags in key order, so that formatting needs no sorted copy.
  const point = pointAt('gpu', time, [['gpu', String(reading.index)]]);
  if (reading.model) point.tags.push(['model', boundedTag(reading.model)]);
  if (reading.uuid) point.tags.push(['uuid', boundedTag(reading.uuid)]);
  addFields(point, GPU_FLOAT_FIELDS, reading.floats, floatValue);
  addFields(point, GPU_INT_FIELDS, reading.ints, intValue);
  return point;
}

export function hostPoint(reading: HostReading, time: Date): TelemetryPoint {
  const point = pointAt('host', time);
  addFields(point, HOST_FLOAT_FIELDS, reading, floatValue);
  addFields(point, HOST_INT_FIELDS, reading, intValue);
  return point;
}

/** Adds the agent's health fields to a `host` point (they belong on the same line). */
export function addAgentHealth(point: TelemetryPoint, health: AgentHealth): TelemetryPoint {
  setField(point, 'interval_s', floatValue(health.intervalS));
  if (health.collectMs !== undefined) {
    setField(point, 'collect_ms', floatValue(round(health.collectMs, 1)));
  }
  setField(point, 'buffered_points', intValue(health.bufferedPoints));
  setField(point, 'dropped_points', intValue(health.droppedPoints));
  return setField(point, 'agent_version', { type: 'string', value: health.agentVersion });
}

export function servicePoint(name: string, up: boolean, time: Date): TelemetryPoint {
  const point = pointAt('service', time, [['name', name]]);
  return setField(point, 'up', intValue(up ? 1 : 0));
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * Appends the fields of `keys` that `values` holds (a fresh point has none of them yet). An
 * indexed loop: the collector runs this every sample in baseline code, where `for…of` allocates
 * an iterator and a result per field.
 */
function addFields<Key extends string>(
  point: TelemetryPoint,
  keys: readonly Key[],
  values: Partial<Record<Key, number>>,
  toValue: (value: number | undefined) => FieldValue | undefined,
): void {
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as Key;
    const value = toValue(values[key]);
    if (value !== undefined) point.fields.push([key, value]);
  }
}
