import { GPU_FLOAT_FIELDS, type GpuFloatField, type GpuReading } from '../../telemetry/points.js';
import type { PlannedInt, QueryPlan } from './query-plan.js';

/**
 * One line of `--format=csv,noheader,nounits` output as `columns` trimmed cells, or undefined
 * when it has fewer (a blank line, a driver message). nvidia-smi does not quote cells; the plan
 * puts the product name last, so any extra commas belong to it.
 */
export function parseCsvRow(line: string, columns: number): string[] | undefined {
  const cells = line.split(',');
  if (cells.length < columns || line.trim() === '') return undefined;
  if (cells.length > columns) cells.push(cells.splice(columns - 1).join(','));
  for (let cell = 0; cell < cells.length; cell++) cells[cell] = (cells[cell] as string).trim();
  return cells;
}

/** Splits a whole answer into rows of `columns` cells (see `parseCsvRow`). */
export function parseCsvRows(stdout: string, columns: number): string[][] {
  const rows: string[][] = [];
  for (const line of stdout.split('\n')) {
    const row = parseCsvRow(line, columns);
    if (row) rows.push(row);
  }
  return rows;
}

/**
 * A value nvidia-smi could not read: any bracketed word (`[N/A]`, `[Not Supported]`,
 * `[Unknown Error]`, `[Insufficient Permissions]`, …), plain `N/A`, or an empty cell.
 */
export function isAbsent(cell: string | undefined): boolean {
  if (cell === undefined) return true;
  const value = cell.trim();
  return value === '' || value === 'N/A' || (value.startsWith('[') && value.endsWith(']'));
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A present cell (trimmed, as `parseCsvRow` leaves it) as a number, if it is one. */
function numberIn(cell: string): number | undefined {
  return DECIMAL.test(cell) ? Number(cell) : undefined;
}

// The loops below run for every cell of every sample, in baseline code: indexed, because there
// `for…of` allocates an iterator and a result per element.
function firstPresent<T>(row: string[], columns: number[], read: (cell: string) => T | undefined) {
  for (let index = 0; index < columns.length; index++) {
    const cell = row[columns[index] as number];
    if (cell === undefined || isAbsent(cell)) continue;
    const value = read(cell);
    if (value !== undefined) return value;
  }
  return undefined;
}

const asText = (cell: string) => cell;
const asInteger = (cell: string) => {
  const value = numberIn(cell);
  return value !== undefined && Number.isInteger(value) ? value : undefined;
};

const PSTATE = /^P(\d{1,2})$/;
const asPstate = (cell: string) => {
  const match = PSTATE.exec(cell);
  return match ? Number(match[1]) : undefined;
};

/** The sum of the parts a row has readable; undefined when it has none. */
function intIn(row: string[], { columns, format }: PlannedInt): number | undefined {
  const read = format === 'pstate' ? asPstate : asInteger;
  let sum: number | undefined;
  for (let index = 0; index < columns.length; index++) {
    const cell = row[columns[index] as number];
    const value = cell === undefined || isAbsent(cell) ? undefined : read(cell);
    if (value !== undefined) sum = (sum ?? 0) + value;
  }
  return sum;
}

/** 1 when any protective slowdown is Active, 0 when all readable ones are Not Active. */
function throttledIn(row: string[], throttle: number[][]): number | undefined {
  let readable = false;
  for (let index = 0; index < throttle.length; index++) {
    const state = firstPresent(row, throttle[index] as number[], asText);
    if (state === 'Active') return 1;
    if (state === 'Not Active') readable = true;
  }
  return readable ? 0 : undefined;
}

export type ParsedGpu = { reading: GpuReading; busId?: string };

/** Maps one CSV row to a reading. `position` is the row number, used when `index` is unknown. */
export function parseGpuRow(row: string[], plan: QueryPlan, position: number): ParsedGpu {
  const reading: GpuReading = {
    index: firstPresent(row, plan.index, asInteger) ?? position,
    floats: {},
    ints: {},
  };
  for (let index = 0; index < GPU_FLOAT_FIELDS.length; index++) {
    const field = GPU_FLOAT_FIELDS[index] as GpuFloatField;
    const value = firstPresent(row, plan.floats[field], numberIn);
    if (value !== undefined) reading.floats[field] = value;
  }
  const uuid = firstPresent(row, plan.uuid, asText);
  if (uuid) reading.uuid = uuid;
  const model = firstPresent(row, plan.name, asText);
  if (model) reading.model = model;
  const throttled = throttledIn(row, plan.throttle);
  if (throttled !== undefined) reading.ints.throttled = throttled;
  for (let index = 0; index < plan.ints.length; index++) {
    const planned = plan.ints[index] as PlannedInt;
    const value = intIn(row, planned);
    if (value !== undefined) reading.ints[planned.field] = value;
  }
  const busId = firstPresent(row, plan.busId, asText);
  return busId ? { reading, busId } : { reading };
}

/** Parses a whole `--query-gpu` answer made with `plan.fields`. */
export function parseQueryOutput(stdout: string, plan: QueryPlan): ParsedGpu[] {
  return parseCsvRows(stdout, plan.fields.length).map((row, position) =>
    parseGpuRow(row, plan, position),
  );
}
