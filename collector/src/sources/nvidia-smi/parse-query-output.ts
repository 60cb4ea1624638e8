import type { GpuFloatField, GpuReading } from '../../telemetry/points.js';
import type { QueryPlan } from './query-plan.js';

/**
 * Splits `--format=csv,noheader,nounits` output into rows of `columns` cells. nvidia-smi does
 * not quote cells; the plan puts the product name last, so any extra commas belong to it.
 */
export function parseCsvRows(stdout: string, columns: number): string[][] {
  const rows: string[][] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const cells = line.split(',');
    if (cells.length < columns) continue;
    const head = cells.slice(0, columns - 1);
    const last = cells.slice(columns - 1).join(',');
    rows.push([...head, last].map((cell) => cell.trim()));
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
  return value === '' || value === 'N/A' || /^\[.*\]$/.test(value);
}

function numberIn(cell: string | undefined): number | undefined {
  if (cell === undefined || isAbsent(cell)) return undefined;
  const text = cell.trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

function firstPresent<T>(row: string[], columns: number[], read: (cell: string) => T | undefined) {
  for (const column of columns) {
    const cell = row[column];
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

/** 1 when any protective slowdown is Active, 0 when all readable ones are Not Active. */
function throttledIn(row: string[], throttle: number[][]): number | undefined {
  let readable = false;
  for (const columns of throttle) {
    const state = firstPresent(row, columns, asText);
    if (state === 'Active') return 1;
    if (state === 'Not Active') readable = true;
  }
  return readable ? 0 : undefined;
}

export type ParsedGpu = { reading: GpuReading; busId?: string };

/** Maps one CSV row to a reading. `position` is the row number, used when `index` is unknown. */
export function parseGpuRow(row: string[], plan: QueryPlan, position: number): ParsedGpu {
  const floats: Partial<Record<GpuFloatField, number>> = {};
  for (const [field, columns] of Object.entries(plan.floats) as [GpuFloatField, number[]][]) {
    const value = firstPresent(row, columns, numberIn);
    if (value !== undefined) floats[field] = value;
  }
  const reading: GpuReading = {
    index: firstPresent(row, plan.index, asInteger) ?? position,
    floats,
    ints: {},
  };
  const uuid = firstPresent(row, plan.uuid, asText);
  if (uuid) reading.uuid = uuid;
  const model = firstPresent(row, plan.name, asText);
  if (model) reading.model = model;
  const throttled = throttledIn(row, plan.throttle);
  if (throttled !== undefined) reading.ints.throttled = throttled;
  const ecc = firstPresent(row, plan.ecc, asInteger);
  if (ecc !== undefined) reading.ints.ecc_errors = ecc;
  const busId = firstPresent(row, plan.busId, asText);
  return busId ? { reading, busId } : { reading };
}

/** Parses a whole `--query-gpu` answer made with `plan.fields`. */
export function parseQueryOutput(stdout: string, plan: QueryPlan): ParsedGpu[] {
  return parseCsvRows(stdout, plan.fields.length).map((row, position) =>
    parseGpuRow(row, plan, position),
  );
}
