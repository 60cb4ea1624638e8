import type { FieldValue, ParsedPoint } from './line-protocol/parse.js';

/** How a field is stored. InfluxDB 1.x knows no unsigned type; flags are ints (InfluxQL cannot aggregate booleans). */
export type StoredType = 'float' | 'int' | 'string';
export type StoredValue =
  | { type: 'float'; value: number }
  | { type: 'int'; value: bigint }
  | { type: 'string'; value: string };

type TagRule = (value: string) => string | undefined;

type MeasurementSchema = {
  tags: Record<string, TagRule>;
  fields: Record<string, StoredType>;
};

const MAX_TAG_LENGTH = 128;

const gpuIndex: TagRule = (value) =>
  /^\d{1,3}$/.test(value) && Number(value) <= 255 ? String(Number(value)) : undefined;
const printable: TagRule = (value) => (/^[^\p{Cc}\p{Cs}]+$/u.test(value) ? value : undefined);
const identifier: TagRule = (value) => (/^[A-Za-z0-9_.:/-]+$/.test(value) ? value : undefined);

export const schemas: Record<string, MeasurementSchema> = {
  gpu: {
    tags: { gpu: gpuIndex, uuid: printable, model: printable },
    fields: {
      temperature_c: 'float',
      power_w: 'float',
      power_limit_w: 'float',
      utilization_pct: 'float',
      memory_used_mib: 'float',
      memory_total_mib: 'float',
      fan_pct: 'float',
      sm_clock_mhz: 'float',
      mem_clock_mhz: 'float',
      throttled: 'int',
      ecc_errors: 'int',
      xid_errors: 'int',
    },
  },
  host: {
    tags: {},
    fields: {
      uptime_s: 'float',
      cpu_pct: 'float',
      mem_used_mib: 'float',
      mem_total_mib: 'float',
      interval_s: 'float',
      collect_ms: 'float',
      rx_bytes: 'int',
      tx_bytes: 'int',
      buffered_points: 'int',
      dropped_points: 'int',
      agent_version: 'string',
    },
  },
  service: {
    tags: { name: identifier },
    fields: { up: 'int' },
  },
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

const INT64_MAX = 2n ** 63n - 1n;
const EXPECTED: Record<StoredType, string> = {
  float: 'a number',
  int: 'a whole number within the signed 64-bit range',
  string: 'a string',
};

function convert(value: FieldValue, type: StoredType): StoredValue | undefined {
  if (value.type === type) return value as StoredValue;
  if (type === 'string') return undefined;
  if (value.type === 'string') return undefined;
  const numeric = value.type === 'bool' ? (value.value ? 1 : 0) : value.value;
  if (type === 'float') return { type: 'float', value: Number(numeric) };
  if (typeof numeric === 'bigint') {
    return numeric > INT64_MAX ? undefined : { type: 'int', value: numeric };
  }
  return Number.isFinite(numeric) ? { type: 'int', value: BigInt(Math.round(numeric)) } : undefined;
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

// A fleet repeats the same few tag values on every line: each is checked once.
const MAX_CHECKED_TAGS = 10_000;
const checkedTags = new Map<string, string | undefined>();

function checkTag(rule: TagRule, key: string, value: string): string | undefined {
  const cacheKey = `${key}\u0000${value}`;
  if (checkedTags.has(cacheKey)) return checkedTags.get(cacheKey);
  const checked = rule(value);
  if (checkedTags.size >= MAX_CHECKED_TAGS) checkedTags.clear();
  checkedTags.set(cacheKey, checked);
  return checked;
}

function mapTags(source: Renamed, schema: MeasurementSchema, deviceId: string, line: number) {
  const tags = new Map<string, string>();
  for (const [key, value] of source.tags) {
    const rule = schema.tags[key];
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
  const schema = schemas[source.measurement];
  if (!schema && TELEGRAF_SYSTEM_INPUTS.has(source.measurement)) {
    return { mapped: undefined, droppedFields: point.fields.size };
  }
  if (!schema) {
    throw new SchemaError(
      point.line,
      `unknown measurement "${source.measurement.slice(0, 64)}" (expected gpu, host, service or nvidia_smi)`,
    );
  }
  const tags = mapTags(source, schema, deviceId, point.line);
  if (source.measurement === 'gpu' && !tags.has('gpu')) {
    throw new SchemaError(point.line, 'gpu points need a "gpu" tag (the GPU index)');
  }
  if (source.measurement === 'service' && !tags.has('name')) {
    throw new SchemaError(point.line, 'service points need a "name" tag');
  }
  const fields = new Map<string, StoredValue>();
  let droppedFields = 0;
  for (const [key, value] of source.fields) {
    const type = schema.fields[key];
    if (!type) {
      droppedFields += 1;
      continue;
    }
    const stored = convert(value, type);
    if (!stored) {
      throw new SchemaError(point.line, `field "${key}" must be ${EXPECTED[type]}`);
    }
    fields.set(key, stored);
  }
  const mapped =
    fields.size > 0
      ? { measurement: source.measurement, tags, fields, line: point.line }
      : undefined;
  return { mapped, droppedFields };
}
