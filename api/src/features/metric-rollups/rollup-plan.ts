import { MEASUREMENTS, type FieldType, type Measurement } from '@ioworker/contract/telemetry';
import { ROLLUP_POLICIES } from '../../influx/retention-policies.js';

export type Aggregate = 'mean' | 'max' | 'last';

/** One column of a rollup row: `temperature_c_max` is `max("temperature_c")` of the window. */
export type RollupColumn = {
  name: string;
  field: string;
  aggregate: Aggregate;
  /** How it is written: a mean is a float; max and last keep the field's type. */
  type: FieldType;
};

export type RollupPolicy = {
  key: keyof typeof ROLLUP_POLICIES;
  name: string;
  windowMs: number;
  /**
   * What its windows are computed from: the raw samples, or a finer rollup (whose windows must be
   * computed first). 1-hour windows come from the 1-minute rollup: 60 rows a series instead of
   * 360 samples, so an hour of a large fleet stays one cheap query. Max and last are the same
   * either way; the mean is the mean of the minutes' means (each minute weighs the same).
   */
  source: { name: string; windowMs: number } | 'raw';
  /** Raw samples (or source rows) one window of one series holds, to size queries. */
  rowsPerWindow: number;
};

/** The collector's default interval: how dense raw samples are assumed to be. */
const SAMPLE_INTERVAL_MS = 10_000;

const { oneMinute, oneHour } = ROLLUP_POLICIES;

/** Finest first: each is computed from the one before it, or from the raw samples. */
export const POLICIES: readonly RollupPolicy[] = [
  {
    key: 'oneMinute',
    name: oneMinute.name,
    windowMs: oneMinute.windowS * 1000,
    source: 'raw',
    rowsPerWindow: (oneMinute.windowS * 1000) / SAMPLE_INTERVAL_MS,
  },
  {
    key: 'oneHour',
    name: oneHour.name,
    windowMs: oneHour.windowS * 1000,
    source: { name: oneMinute.name, windowMs: oneMinute.windowS * 1000 },
    rowsPerWindow: oneHour.windowS / oneMinute.windowS,
  },
];

export const ROLLED_MEASUREMENTS = Object.keys(MEASUREMENTS) as Measurement[];

/**
 * The name of a field's aggregate in the rollup policies. The measurement and tags stay those of
 * the raw series, so a query moves from raw to a rollup by its policy and field names alone.
 *
 * @example
 * rollupField('rx_bytes', 'max'); // 'rx_bytes_max'
 */
export function rollupField(field: string, aggregate: Aggregate): string {
  return `${field}_${aggregate}`;
}

/**
 * Every column of a measurement's rollup, from the telemetry schema: mean, max and last of each
 * number (max and last of a counter, so `non_negative_derivative` works on a rollup as on raw
 * data), last of each string (InfluxQL cannot average or compare strings).
 */
export function rollupColumns(measurement: Measurement): RollupColumn[] {
  const fields: Readonly<Record<string, { type: FieldType }>> = MEASUREMENTS[measurement].fields;
  return Object.entries(fields).flatMap(([field, { type }]) => {
    const aggregates: Aggregate[] = type === 'string' ? ['last'] : ['mean', 'max', 'last'];
    return aggregates.map((aggregate) => ({
      name: rollupField(field, aggregate),
      field,
      aggregate,
      type: aggregate === 'mean' ? 'float' : type,
    }));
  });
}
