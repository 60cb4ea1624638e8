import type { FieldValue, ParsedPoint } from '@ioworker/contract/line-protocol';
import {
  fieldType,
  isMeasurement,
  MAX_GPU_INDEX,
  MAX_STRING_FIELD_LENGTH,
  MAX_TAG_LENGTH,
  MEASUREMENTS,
  type FieldType,
  type Measurement,
} from '@ioworker/contract/telemetry';
import { createBoundedMemo } from '../../lib/bounded-memo.js';
import { REMEMBERED_SERIES } from './remembered-series.js';

export type StoredValue =
  | { type: 'float'; value: number }
  | { type: 'int'; value: bigint }
  | { type: 'string'; value: string };

export type TagRule = (value: string) => string | undefined;

const gpuIndex: TagRule = (value) =>
  /^\d{1,3}$/.test(value) && Number(value) <= MAX_GPU_INDEX ? String(Number(value)) : undefined;
const printable: TagRule = (value) => (/^[^\p{Cc}\p{Cs}]+$/u.test(value) ? value : undefined);
const identifier: TagRule = (value) => (/^[A-Za-z0-9_.:/-]+$/.test(value) ? value : undefined);

/**
 * How the gateway checks each tag a node may write (`device` is not one: it is always forced).
 * Typed against the schema, so a tag added there must get a rule here.
 */
const TAG_RULES: {
  [M in Measurement]: Record<Exclude<keyof (typeof MEASUREMENTS)[M]['tags'], 'device'>, TagRule>;
} = {
  gpu: { gpu: gpuIndex, uuid: printable, model: printable },
  host: {},
  service: { name: identifier },
};

/** Telegraf's `nvidia_smi` input, renamed onto `gpu`, so a node may run Telegraf instead. */
const telegrafNvidiaSmi: { tags: Record<string, string>; fields: Record<string, string> } = {
  tags: { index: 'gpu', uuid: 'uuid', name: 'model' },
  fields: {
    temperature_gpu: 'temperature_c',
    power_draw: 'power_w',
    power_limit: 'power_limit_w',
    utilization_gpu: 'utilization_pct',
    memory_used: 'memory_used_mib',
    memory_total: 'memory_total_mib',
    fan_speed: 'fan_pct',
    clocks_current_sm: 'sm_clock_mhz',
    clocks_current_memory: 'mem_clock_mhz',
  },
};

/**
 * Telegraf's stock system inputs: a node running Telegraf with its default config sends these
 * beside `nvidia_smi`. They are accepted and dropped (their fields counted), not refused, so
 * the GPU lines of the same batch are not lost.
 */
const TELEGRAF_SYSTEM_INPUTS = new Set([
  'cpu',
  'disk',
  'diskio',
  'kernel',
  'mem',
  'net',
  'processes',
  'swap',
  'system',
]);

export type MappedPoint = {
  measurement: string;
  tags: Map<string, string>;
  fields: Map<string, StoredValue>;
  line: number;
};

export class SchemaError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'SchemaError';
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const EXPECTED: Record<FieldType, string> = {
  float: 'a number',
  int: 'a whole number within the signed 64-bit range',
  string: 'a string without NUL characters',
};

function convert(value: FieldValue, type: FieldType): StoredValue | undefined {
  if (value.type === 'string') {
    // PostgreSQL, which keeps the latest sample, cannot store U+0000 in text or jsonb.
    return type === 'string' && !value.value.includes('\u0000') ? value : undefined;
  }
  if (type === 'string') return undefined;
  const numeric = value.type === 'bool' ? (value.value ? 1 : 0) : value.value;
  if (type === 'float') return { type: 'float', value: Number(numeric) };
  const whole = typeof numeric === 'bigint' ? numeric : wholeNumber(numeric);
  return whole !== undefined && whole >= INT64_MIN && whole <= INT64_MAX
    ? { type: 'int', value: whole }
    : undefined;
}

function wholeNumber(value: number): bigint | undefined {
  return Number.isFinite(value) ? BigInt(Math.round(value)) : undefined;
}

type Renamed = {
  measurement: string;
  tags: Iterable<[string, string]>;
  fields: Iterable<[string, FieldValue]>;
};

function renamed(point: ParsedPoint): Renamed {
  if (point.measurement !== 'nvidia_smi') return point;
  const tags: [string, string][] = [];
  for (const [key, value] of point.tags) {
    const name = telegrafNvidiaSmi.tags[key];
    if (name) tags.push([name, value]);
  }
  const fields: [string, FieldValue][] = [];
  for (const [key, value] of point.fields) {
    // Telegraf's other fields (pstate, driver version, …) are not ours: they are dropped.
    fields.push([telegrafNvidiaSmi.fields[key] ?? `nvidia_smi.${key}`, value]);
  }
  return { measurement: 'gpu', tags, fields };
}

// A node repeats its tag values on every write: each is checked once.
const checkedTags = createBoundedMemo<string, string | undefined>(REMEMBERED_SERIES);

/** The rule for a tag a node may write on `measurement`; undefined for tags that are dropped. */
export function tagRuleOf(measurement: Measurement, key: string): TagRule | undefined {
  const rules: Record<string, TagRule> = TAG_RULES[measurement];
  return Object.hasOwn(rules, key) ? rules[key] : undefined;
}

/** The tag's value as stored, or undefined when its rule refuses it. */
export function checkTag(rule: TagRule, key: string, value: string): string | undefined {
  return checkedTags.get(`${key}\u0000${value}`, () => rule(value));
}

function mapTags(source: Renamed, measurement: Measurement, deviceId: string, line: number) {
  const tags = new Map<string, string>();
  for (const [key, value] of source.tags) {
    const rule = tagRuleOf(measurement, key);
    if (!rule) continue;
    if (value.length > MAX_TAG_LENGTH) {
      throw new SchemaError(line, `tag "${key}" is longer than ${MAX_TAG_LENGTH} characters`);
    }
    const checked = checkTag(rule, key, value);
    if (checked === undefined) throw new SchemaError(line, `tag "${key}" has an invalid value`);
    tags.set(key, checked);
  }
  // Whatever the node wrote, its data lands under its own device.
  tags.set('device', deviceId);
  return tags;
}

/**
 * Fits a parsed point to our schema: known tags checked and bounded, the `device` tag forced,
 * known fields converted to their stored type, unknown tags and fields dropped (fields counted).
 * A point left without fields is dropped too.
 */
export function mapPoint(
  point: ParsedPoint,
  deviceId: string,
): { mapped: MappedPoint | undefined; droppedFields: number } {
  const source = renamed(point);
  const { measurement } = source;
  if (!isMeasurement(measurement)) {
    if (TELEGRAF_SYSTEM_INPUTS.has(measurement)) {
      return { mapped: undefined, droppedFields: point.fields.size };
    }
    throw new SchemaError(
      point.line,
      `unknown measurement "${measurement.slice(0, 64)}" (expected ${[...Object.keys(MEASUREMENTS), 'nvidia_smi'].join(', ')})`,
    );
  }
  const tags = mapTags(source, measurement, deviceId, point.line);
  for (const required of MEASUREMENTS[measurement].requiredTags) {
    if (!tags.has(required)) {
      throw new SchemaError(point.line, `${measurement} points need a "${required}" tag`);
    }
  }
  const fields = new Map<string, StoredValue>();
  let droppedFields = 0;
  for (const [key, value] of source.fields) {
    const type = fieldType(measurement, key);
    if (!type) {
      droppedFields += 1;
      continue;
    }
    const stored = convert(value, type);
    if (!stored) {
      throw new SchemaError(point.line, `field "${key}" must be ${EXPECTED[type]}`);
    }
    // The latest sample keeps string fields in PostgreSQL: their size is bounded like a tag's.
    if (stored.type === 'string' && stored.value.length > MAX_STRING_FIELD_LENGTH) {
      throw new SchemaError(
        point.line,
        `field "${key}" is longer than ${MAX_STRING_FIELD_LENGTH} characters`,
      );
    }
    fields.set(key, stored);
  }
  const mapped = fields.size > 0 ? { measurement, tags, fields, line: point.line } : undefined;
  return { mapped, droppedFields };
}
