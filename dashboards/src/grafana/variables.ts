import {
  CustomVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { INFLUX_DATASOURCE } from './influx-target.js';

export const DEVICE_VALUES = 'SHOW TAG VALUES FROM "host" WITH KEY = "device"';
export const GPU_VALUES =
  'SHOW TAG VALUES FROM "gpu" WITH KEY = "gpu" WHERE "device" =~ /^$device$/';

function tagVariable(name: string, label: string, query: string) {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(INFLUX_DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.NaturalAsc)
    .multi(true);
}

/**
 * The devices to show. "All" is `.*` rather than Grafana's default list of every value, which
 * would turn into one long regex for a large fleet.
 */
export function deviceVariable({ includeAll }: { includeAll: boolean }) {
  const variable = tagVariable('device', 'Device', DEVICE_VALUES).includeAll(includeAll);
  return includeAll
    ? variable.allValue('.*').current({ text: 'All', value: '$__all', selected: true })
    : variable;
}

export function gpuVariable() {
  return tagVariable('gpu', 'GPU', GPU_VALUES)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all', selected: true });
}

/** The rollup policies a long-range dashboard reads (the API keeps them; docs/metrics.md). */
export const ROLLUPS = [
  { text: '1 hour (up to 400 days)', value: 'rollup_1h' },
  { text: '1 minute (up to 30 days)', value: 'rollup_1m' },
] as const;

/**
 * Which rollup the panels read: 1-hour windows by default (a month is 720 points), 1-minute
 * windows to zoom into a day or a week. Raw samples are the Device detail dashboard's.
 */
export function rollupVariable() {
  const [hour] = ROLLUPS;
  return new CustomVariableBuilder('rollup')
    .label('Resolution')
    .values(ROLLUPS.map(({ text, value }) => `${text} : ${value}`).join(', '))
    .options(ROLLUPS.map(({ text, value }) => ({ text, value, selected: value === hour.value })))
    .current({ text: hour.text, value: hour.value, selected: true });
}
