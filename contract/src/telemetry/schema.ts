/**
 * The telemetry schema (docs/line-protocol.md): every measurement a node writes, its tags, and its
 * fields with their stored type and unit. The collector writes it, the API's write gateway
 * enforces it, the dashboards query it.
 *
 * Flags are 0/1 integers, not booleans, because InfluxQL cannot aggregate booleans. InfluxDB 1.x
 * knows no unsigned type, so counters are signed integers.
 */
export type FieldType = 'float' | 'int' | 'string';

type FieldSpec = { readonly type: FieldType; readonly unit: string; readonly description: string };
type MeasurementSpec = {
  readonly description: string;
  /** Tag key → what it holds. `device` is on every line: the API sets it from the credential. */
  readonly tags: Readonly<Record<string, string>>;
  /** Tags a line of this measurement cannot do without. */
  readonly requiredTags: readonly string[];
  readonly fields: Readonly<Record<string, FieldSpec>>;
};

const float = (unit: string, description: string) =>
  ({ type: 'float', unit, description }) as const;
const int = (unit: string, description: string) => ({ type: 'int', unit, description }) as const;
const string = (description: string) => ({ type: 'string', unit: '', description }) as const;

const DEVICE_TAG = 'the device id; the API sets it on every line from the credential';

export const MEASUREMENTS = {
  gpu: {
    description: 'One GPU at one moment.',
    tags: {
      device: DEVICE_TAG,
      gpu: 'the GPU index, 0–255',
      uuid: 'the GPU UUID (optional)',
      model: 'the GPU model name (optional)',
    },
    requiredTags: ['gpu'],
    fields: {
      temperature_c: float('°C', 'core temperature'),
      power_w: float('W', 'power draw'),
      power_limit_w: float('W', 'enforced power limit'),
      utilization_pct: float('%', 'GPU utilisation, 0–100'),
      memory_used_mib: float('MiB', 'memory in use'),
      memory_total_mib: float('MiB', 'memory on the card'),
      fan_pct: float('%', 'fan speed, 0–100 (absent on passively cooled cards)'),
      sm_clock_mhz: float('MHz', 'SM clock'),
      mem_clock_mhz: float('MHz', 'memory clock'),
      throttled: int('0/1', '1 while a thermal or power slowdown is active'),
      ecc_errors: int('count', 'uncorrected ECC errors (volatile)'),
      xid_errors: int('count', 'Xid errors the kernel logged for this GPU since boot (counter)'),
      energy_mj: int('mJ', 'energy the GPU used since the driver loaded (counter)'),
      // GPU health, where the driver reports it (contract §8).
      memory_temperature_c: float('°C', 'HBM/memory temperature'),
      temperature_limit_margin_c: float('°C', 'headroom to the slowdown temperature'),
      power_draw_instant_w: float('W', 'instantaneous power draw'),
      encoder_pct: float('%', 'video encoder utilisation, 0–100'),
      decoder_pct: float('%', 'video decoder utilisation, 0–100'),
      pstate: int('P-state', 'performance state, 0 (P0, most) to 15 (P15, least)'),
      pcie_link_gen: int('gen', 'PCIe link generation now'),
      pcie_link_gen_max: int('gen', 'highest PCIe link generation the link supports'),
      pcie_link_width: int('lanes', 'PCIe link width now'),
      pcie_link_width_max: int('lanes', 'widest PCIe link width the link supports'),
      throttle_power_us: int('µs', 'time held back by the software power cap (counter)'),
      throttle_thermal_us: int(
        'µs',
        'time held back by thermal slowdown, software and hardware (counter)',
      ),
      throttle_hw_us: int('µs', 'time held back by hardware slowdown and power brake (counter)'),
      remapped_rows_uncorrectable: int('rows', 'memory rows remapped for uncorrectable errors'),
      xid_last: int(
        'Xid',
        'the code of the newest Xid error the kernel logged for this GPU since boot',
      ),
    },
  },
  host: {
    description: 'The node and the collector itself, once per sample.',
    tags: { device: DEVICE_TAG },
    requiredTags: [],
    fields: {
      uptime_s: float('s', 'time since the machine booted'),
      cpu_pct: float('%', 'CPU utilisation, 0–100'),
      mem_used_mib: float('MiB', 'memory in use'),
      mem_total_mib: float('MiB', 'installed memory'),
      interval_s: float('s', "the collector's sampling interval"),
      collect_ms: float('ms', 'how long the sample took to collect'),
      rx_bytes: int('bytes', 'bytes received since boot (counter)'),
      tx_bytes: int('bytes', 'bytes sent since boot (counter)'),
      buffered_points: int('points', 'points waiting in the on-disk buffer'),
      dropped_points: int('points', 'points the full buffer has dropped (counter)'),
      agent_version: string('collector version'),
    },
  },
  service: {
    description: 'A service the collector watches on the node.',
    tags: { device: DEVICE_TAG, name: 'the service name' },
    requiredTags: ['name'],
    fields: {
      up: int('0/1', '1 while the service runs'),
    },
  },
} as const satisfies Record<string, MeasurementSpec>;

export type Measurement = keyof typeof MEASUREMENTS;
export type FieldOf<M extends Measurement> = keyof (typeof MEASUREMENTS)[M]['fields'] & string;
export type TagOf<M extends Measurement> = keyof (typeof MEASUREMENTS)[M]['tags'] & string;
/** The fields of `M` stored as `T`, e.g. `FieldsOfType<'gpu', 'int'>` is `'throttled' | …`. */
export type FieldsOfType<M extends Measurement, T extends FieldType> = {
  [F in FieldOf<M>]: (typeof MEASUREMENTS)[M]['fields'][F] extends { type: T } ? F : never;
}[FieldOf<M>];

/** Tag values longer than this are refused by the API and cut by the collector. */
export const MAX_TAG_LENGTH = 128;
/** String field values longer than this are refused by the API. */
export const MAX_STRING_FIELD_LENGTH = 64;
/** The highest GPU index a `gpu` tag may carry. */
export const MAX_GPU_INDEX = 255;
/**
 * The longest reporting interval (`interval_s`) the API honours: a device is online for three
 * intervals after a write, and uptime is credited for at most that long.
 */
export const MAX_REPORTING_INTERVAL_S = 300;

/**
 * How many InfluxDB series one device may create. Within one write: at most `gpusPerWrite` GPU
 * indices, each with one `uuid` and one `model`. Across writes: at most `gpuTagSets` distinct
 * (gpu, uuid, model) tag sets (room for GPU swaps) and `serviceNames` distinct service names.
 */
export const SERIES_BUDGET = { gpusPerWrite: 64, gpuTagSets: 128, serviceNames: 32 } as const;

export function isMeasurement(name: string): name is Measurement {
  return Object.hasOwn(MEASUREMENTS, name);
}

// The gateway asks this for every field of every line: a Map per measurement answers fastest.
const FIELD_TYPES = new Map(
  Object.entries(MEASUREMENTS).map(([measurement, spec]) => [
    measurement,
    new Map(
      Object.entries(spec.fields as Readonly<Record<string, FieldSpec>>).map(
        ([field, { type }]) => [field, type],
      ),
    ),
  ]),
);

/** The stored type of a field, or undefined when the schema does not know it. */
export function fieldType(measurement: Measurement, field: string): FieldType | undefined {
  return FIELD_TYPES.get(measurement)?.get(field);
}

/** Every field of a measurement with its stored type, for checking many fields of one point. */
export function fieldTypesOf(measurement: Measurement): ReadonlyMap<string, FieldType> {
  return FIELD_TYPES.get(measurement) ?? new Map();
}

/**
 * The fields of one measurement stored as one type, in schema order.
 *
 * @example
 * fieldsOfType('service', 'int'); // ['up']
 */
export function fieldsOfType<M extends Measurement, T extends FieldType>(
  measurement: M,
  type: T,
): FieldsOfType<M, T>[] {
  const fields: Readonly<Record<string, FieldSpec>> = MEASUREMENTS[measurement].fields;
  return Object.keys(fields).filter((name) => fields[name]?.type === type) as FieldsOfType<M, T>[];
}
