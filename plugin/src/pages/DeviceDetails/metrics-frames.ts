import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { DeviceSample, MetricSeries } from './types';

export type ChartId = 'temperature' | 'power' | 'utilization' | 'memory' | 'fan' | 'traffic';

export interface ChartSpec {
  id: ChartId;
  title: string;
  /** Shown beside the title, e.g. `°C`. */
  unitLabel: string;
  /** Grafana's unit id, which formats the axis ticks and the legend. */
  unit: string;
  /** The API series names drawn in this chart. */
  series: readonly string[];
  min?: number;
  max?: number;
}

export const CHARTS: readonly ChartSpec[] = [
  {
    id: 'temperature',
    title: 'Temperature',
    unitLabel: '°C',
    unit: 'celsius',
    series: ['temperature'],
  },
  { id: 'power', title: 'Power', unitLabel: 'W', unit: 'watt', series: ['power'], min: 0 },
  {
    id: 'utilization',
    title: 'Utilisation',
    unitLabel: '%',
    unit: 'percent',
    series: ['utilization'],
    min: 0,
    max: 100,
  },
  {
    id: 'memory',
    title: 'Memory used',
    unitLabel: 'MiB',
    unit: 'mbytes',
    series: ['memory'],
    min: 0,
  },
  {
    id: 'fan',
    title: 'Fan speed',
    unitLabel: '%',
    unit: 'percent',
    series: ['fan'],
    min: 0,
    max: 100,
  },
  {
    id: 'traffic',
    title: 'Network traffic',
    unitLabel: 'bytes/s',
    unit: 'Bps',
    series: ['rxRate', 'txRate'],
    min: 0,
  },
];

const HOST_LABELS: Record<string, string> = { rxRate: 'Received', txRate: 'Transmitted' };

/** The legend name of a series: `GPU 0`, `Received`, `Transmitted`. */
export function seriesLabel(series: Pick<MetricSeries, 'name' | 'gpu'>): string {
  if (series.gpu !== undefined) return `GPU ${series.gpu}`;
  return HOST_LABELS[series.name] ?? series.name;
}

function seriesOrder(a: MetricSeries, b: MetricSeries, chart: ChartSpec): number {
  const byName = chart.series.indexOf(a.name) - chart.series.indexOf(b.name);
  return byName !== 0 ? byName : Number(a.gpu ?? 0) - Number(b.gpu ?? 0);
}

/** The series one chart draws, in legend order (by name as the chart lists them, then GPU). */
export function chartSeries(all: readonly MetricSeries[], chart: ChartSpec): MetricSeries[] {
  return all
    .filter((series) => chart.series.includes(series.name))
    .sort((a, b) => seriesOrder(a, b, chart));
}

/** One data frame (time, value) per series of the chart; styling is left to the chart. */
export function chartFrames(all: readonly MetricSeries[], chart: ChartSpec): DataFrame[] {
  return chartSeries(all, chart).map((series) => {
    const label = seriesLabel(series);
    return createDataFrame({
      name: label,
      refId: series.gpu === undefined ? series.name : `${series.name}-${series.gpu}`,
      fields: [
        {
          name: 'Time',
          type: FieldType.time,
          values: series.points.map(([time]) => Date.parse(time)),
        },
        {
          name: series.name,
          type: FieldType.number,
          values: series.points.map(([, value]) => value),
          labels: series.gpu === undefined ? undefined : { gpu: series.gpu },
          config: { displayName: label, unit: chart.unit, min: chart.min, max: chart.max },
        },
      ],
    });
  });
}

/** How many points a chart has, for the end-to-end test (`data-points`). */
export function pointCount(all: readonly MetricSeries[], chart: ChartSpec): number {
  return chartSeries(all, chart).reduce((sum, series) => sum + series.points.length, 0);
}

/** The live sample's fields and the series they extend. */
const SAMPLE_FIELDS = [
  { field: 'temperatureC', name: 'temperature', unit: '°C' },
  { field: 'powerW', name: 'power', unit: 'W' },
  { field: 'utilizationPct', name: 'utilization', unit: '%' },
] as const;

export interface MergeWindow {
  /** The series' step: a sample closer than this to the last point is not drawn. */
  stepMs: number;
  /** Points before this fall out of a relative range. */
  windowStartMs: number;
}

/**
 * Appends a live sample to the per-GPU series (a series is created for a GPU the range had no
 * data for) and drops points that slid out of the window. Points closer than one step to the
 * last one are skipped so that a long range keeps its density; the next reload replaces the
 * appended points with the aggregated ones. Returns `series` itself when nothing changed.
 */
export function mergeSample(
  series: MetricSeries[],
  sample: DeviceSample,
  window: MergeWindow,
): MetricSeries[] {
  const at = Date.parse(sample.at);
  if (Number.isNaN(at)) return series;
  let changed = false;
  const next = series.map((entry) => {
    const kept = entry.points.filter(([time]) => Date.parse(time) >= window.windowStartMs);
    if (kept.length === entry.points.length) return entry;
    changed = true;
    return { ...entry, points: kept };
  });
  for (const gpu of sample.gpus) {
    for (const { field, name, unit } of SAMPLE_FIELDS) {
      const value = gpu[field];
      if (value === undefined) continue;
      const index = next.findIndex(
        (entry) => entry.name === name && entry.gpu === String(gpu.index),
      );
      const existing = next[index];
      const point: [string, number] = [sample.at, value];
      if (!existing) {
        next.push({ name, unit, gpu: String(gpu.index), points: [point] });
        changed = true;
        continue;
      }
      const last = existing.points.at(-1);
      if (last && at - Date.parse(last[0]) < window.stepMs) continue;
      next[index] = { ...existing, points: [...existing.points, point] };
      changed = true;
    }
  }
  return changed ? next : series;
}

export interface GpuLatest {
  temperature?: number;
  power?: number;
  utilization?: number;
  memory?: number;
  fan?: number;
}

const LATEST_KEYS: Record<string, keyof GpuLatest> = {
  temperature: 'temperature',
  power: 'power',
  utilization: 'utilization',
  memory: 'memory',
  fan: 'fan',
};

/**
 * The newest value of each GPU metric: the last point of each series, then the live sample's
 * fields where the sample is newer than that point.
 */
export function latestPerGpu(
  series: readonly MetricSeries[],
  sample?: DeviceSample,
): Map<number, GpuLatest> {
  const latest = new Map<number, GpuLatest>();
  const times = new Map<string, number>();
  for (const entry of series) {
    const key = LATEST_KEYS[entry.name];
    const last = entry.points.at(-1);
    if (entry.gpu === undefined || !key || !last) continue;
    const index = Number(entry.gpu);
    latest.set(index, { ...latest.get(index), [key]: last[1] });
    times.set(`${index}:${key}`, Date.parse(last[0]));
  }
  if (!sample) return latest;
  const at = Date.parse(sample.at);
  for (const gpu of sample.gpus) {
    const values: GpuLatest = { ...latest.get(gpu.index) };
    const fields = [
      ['temperature', gpu.temperatureC],
      ['power', gpu.powerW],
      ['utilization', gpu.utilizationPct],
    ] as const;
    for (const [key, value] of fields) {
      if (value !== undefined && at >= (times.get(`${gpu.index}:${key}`) ?? -Infinity)) {
        values[key] = value;
      }
    }
    latest.set(gpu.index, values);
  }
  return latest;
}

/** The fleet figures of one live sample: hottest GPU, summed power, mean utilisation. */
export function summarizeSample(sample: DeviceSample): {
  temperature?: number;
  powerW?: number;
  utilization?: number;
} {
  const values = (pick: (gpu: DeviceSample['gpus'][number]) => number | undefined) =>
    sample.gpus.map(pick).filter((value): value is number => value !== undefined);
  const temperatures = values((gpu) => gpu.temperatureC);
  const powers = values((gpu) => gpu.powerW);
  const utilizations = values((gpu) => gpu.utilizationPct);
  const sum = (list: number[]) => list.reduce((total, value) => total + value, 0);
  return {
    temperature: temperatures.length > 0 ? Math.max(...temperatures) : undefined,
    powerW: powers.length > 0 ? sum(powers) : undefined,
    utilization: utilizations.length > 0 ? sum(utilizations) / utilizations.length : undefined,
  };
}
