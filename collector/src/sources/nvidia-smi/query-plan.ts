import type { GpuFloatField, GpuIntField } from '../../telemetry/points.js';

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
  memory_temperature_c: [['temperature.memory']],
  // T.Limit: degrees left before the GPU slows itself down, not a temperature.
  temperature_limit_margin_c: [['temperature.gpu.tlimit']],
  power_draw_instant_w: [['power.draw.instant', 'gpu.power.draw.instant']],
  encoder_pct: [['utilization.encoder']],
  decoder_pct: [['utilization.decoder']],
};

/** A whole-number field: the sum of its parts, each part named by its synonyms. */
type IntChoices = { sumOf: string[][]; format: 'integer' | 'pstate' };

const whole = (...synonyms: string[]): IntChoices => ({ sumOf: [synonyms], format: 'integer' });
// Microseconds each slowdown held the clocks back since the driver loaded.
const counters = (...reasons: string[]): IntChoices => ({
  sumOf: reasons.map((reason) => [`clocks_event_reasons_counters.${reason}`]),
  format: 'integer',
});

const INTS = {
  ecc_errors: whole('ecc.errors.uncorrected.volatile.total'),
  pstate: { sumOf: [['pstate']], format: 'pstate' },
  // Driver 580 deprecates pcie.link.gen.current for gpucurrent; older ones know only the first.
  pcie_link_gen: whole('pcie.link.gen.gpucurrent', 'pcie.link.gen.current'),
  pcie_link_gen_max: whole('pcie.link.gen.max'),
  pcie_link_width: whole('pcie.link.width.current'),
  pcie_link_width_max: whole('pcie.link.width.max'),
  throttle_power_us: counters('sw_power_cap'),
  throttle_thermal_us: counters('sw_thermal_slowdown', 'hw_thermal_slowdown'),
  // Driver 580 has no hw_slowdown counter, only the power brake's.
  throttle_hw_us: counters('hw_slowdown', 'hw_power_brake_slowdown'),
  remapped_rows_uncorrectable: whole('remapped_rows.uncorrectable', 'remapped_rows.dbe'),
} satisfies Partial<Record<GpuIntField, IntChoices>>;

export type PlannedIntField = keyof typeof INTS;

/** Where an int field's parts are in a row; only the parts this driver knows. */
export type PlannedInt = {
  field: PlannedIntField;
  columns: number[];
  format: IntChoices['format'];
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
  /** The int fields this driver has at least one part of. */
  ints: PlannedInt[];
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
  const ints = Object.entries(INTS).flatMap(([field, { sumOf, format }]): PlannedInt[] => {
    const columns = sumOf.flatMap((synonyms) => columnsOf([synonyms]));
    return columns.length > 0 ? [{ field: field as PlannedIntField, columns, format }] : [];
  });
  const name = columnsOf(IDENTITY.name);
  return { fields, index, uuid, busId, name, floats, throttle, ints };
}

/** True when the plan reads nothing worth a query (a driver without any GPU metric). */
export function isEmptyPlan(plan: QueryPlan): boolean {
  return Object.values(plan.floats).every((columns) => columns.length === 0);
}
