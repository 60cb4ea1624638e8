import type { GpuFloatField } from '../../telemetry/points.js';

/**
 * What we read from nvidia-smi. Each entry lists alternatives in order of preference: an
 * inner list holds synonyms (the first one the driver knows is queried); the outer list holds
 * fallbacks (the first that has a value in a row is used, e.g. `power.draw` is `[N/A]` on some
 * boards where `power.draw.instant` is readable).
 */
type Choices = string[][];

const IDENTITY = {
  index: [['index']],
  uuid: [['uuid', 'gpu_uuid']],
  busId: [['pci.bus_id', 'gpu_bus_id']],
  // Queried last: a product name is the one value that could contain a comma.
  name: [['name', 'gpu_name']],
} satisfies Record<string, Choices>;

const FLOATS: Record<GpuFloatField, Choices> = {
  temperature_c: [['temperature.gpu']],
  power_w: [
    ['power.draw'],
    ['power.draw.average', 'gpu.power.draw.average'],
    ['power.draw.instant', 'gpu.power.draw.instant'],
  ],
  power_limit_w: [
    ['enforced.power.limit', 'gpu.power.current_limit'],
    ['power.limit', 'gpu.power.requested_limit'],
  ],
  utilization_pct: [['utilization.gpu']],
  memory_used_mib: [['memory.used']],
  memory_total_mib: [['memory.total']],
  fan_pct: [['fan.speed']],
  sm_clock_mhz: [['clocks.current.sm', 'clocks.sm']],
  mem_clock_mhz: [['clocks.current.memory', 'clocks.mem']],
};

/** Slowdowns that mean the GPU protects itself (heat, power delivery); not idle or power caps. */
export const THROTTLE_REASONS = [
  'hw_slowdown',
  'hw_thermal_slowdown',
  'sw_thermal_slowdown',
  'hw_power_brake_slowdown',
] as const;

// Drivers before 535 only know the clocks_throttle_reasons.* spelling; newer ones accept both.
const THROTTLE: Choices[] = THROTTLE_REASONS.map((reason) => [
  [`clocks_event_reasons.${reason}`, `clocks_throttle_reasons.${reason}`],
]);

const ECC: Choices = [['ecc.errors.uncorrected.volatile.total']];

/** Column positions of the chosen fields, in the order each value is preferred. */
export type QueryPlan = {
  /** Field names for `--query-gpu`, in column order. */
  fields: string[];
  index: number[];
  uuid: number[];
  busId: number[];
  name: number[];
  floats: Record<GpuFloatField, number[]>;
  throttle: number[][];
  ecc: number[];
};

/** Chooses the fields to query from what this driver knows, so that no field is unknown. */
export function planQuery(known: ReadonlySet<string>): QueryPlan {
  const fields: string[] = [];
  const columnsOf = (choices: Choices): number[] => {
    const columns: number[] = [];
    for (const synonyms of choices) {
      const field = synonyms.find((name) => known.has(name));
      if (!field) continue;
      let column = fields.indexOf(field);
      if (column < 0) column = fields.push(field) - 1;
      columns.push(column);
    }
    return columns;
  };
  const index = columnsOf(IDENTITY.index);
  const uuid = columnsOf(IDENTITY.uuid);
  const busId = columnsOf(IDENTITY.busId);
  const floats = Object.fromEntries(
    Object.entries(FLOATS).map(([field, choices]) => [field, columnsOf(choices)]),
  ) as Record<GpuFloatField, number[]>;
  const throttle = THROTTLE.map(columnsOf).filter((columns) => columns.length > 0);
  const ecc = columnsOf(ECC);
  const name = columnsOf(IDENTITY.name);
  return { fields, index, uuid, busId, name, floats, throttle, ecc };
}

/** True when the plan reads nothing worth a query (a driver without any GPU metric). */
export function isEmptyPlan(plan: QueryPlan): boolean {
  return Object.values(plan.floats).every((columns) => columns.length === 0);
}
