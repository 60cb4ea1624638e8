import {
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
