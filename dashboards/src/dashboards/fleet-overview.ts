import {
  BigValueGraphMode,
  TableCellDisplayMode,
  TableSortByFieldStateBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  HeatmapColorMode,
  HeatmapColorOptionsBuilder,
  PanelBuilder as HeatmapPanel,
} from '@grafana/grafana-foundation-sdk/heatmap';
import { influx, INFLUX_DATASOURCE } from '../grafana/influx-target.js';
import {
  NEUTRAL,
  PER_DEVICE,
  props,
  section,
  stat,
  table,
  thresholds,
  timeseries,
} from '../grafana/panels.js';
import { deviceVariable } from '../grafana/variables.js';
import { hostPointsPerDevice } from '../influxql/fleet-queries.js';
import { count, field, InfluxQuery, last, max, mean, sum, top } from '../influxql/query-builder.js';
import { HOT_C, WARM_C } from './limits.js';

/** A device is online when it sent a `host` point in the last 30 s (3 × the default interval). */
const ONLINE_WINDOW = '30s';
const DETAIL_LINK =
  '/d/ioworker-device/device-detail?var-device=${__data.fields.device}&${__url_time_range}';

const perDevice = () => hostPointsPerDevice(ONLINE_WINDOW, { forDevices: true });

function devicesOnline() {
  const query = InfluxQuery.fromSubqueries(perDevice())
    .select(count('points').as('devices'))
    .whereField('points', '>=', 1);
  return stat('Devices online', 'none')
    .description(`Devices that sent a host sample in the last ${ONLINE_WINDOW}.`)
    .noValue('0')
    .thresholds(thresholds([null, 'green']))
    .withTarget(influx(query));
}

function devicesOffline() {
  const query = InfluxQuery.fromSubqueries(perDevice())
    .select(count('points').as('devices'))
    .whereField('points', '<', 1);
  return stat('Devices offline', 'none')
    .description(`Devices that reported in the time range but not in the last ${ONLINE_WINDOW}.`)
    .noValue('0')
    .thresholds(thresholds([null, 'green'], [1, 'red']))
    .withTarget(influx(query));
}

function gpusReporting() {
  const latest = InfluxQuery.from('gpu')
    .select(last('temperature_c').as('temperature'))
    .forDevices()
    .since(ONLINE_WINDOW)
    .groupBy('device', 'gpu');
  const query = InfluxQuery.fromSubqueries(latest).select(count('temperature').as('gpus'));
  return stat('GPUs reporting', 'none')
    .description(`GPUs with a sample in the last ${ONLINE_WINDOW}.`)
    .noValue('0')
    .thresholds(thresholds(...NEUTRAL))
    .withTarget(influx(query));
}

/** Each GPU's mean power per interval: summed over GPUs, a sum of means stays correct. */
function powerPerGpu() {
  return InfluxQuery.from('gpu')
    .select(mean('power_w').as('power'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device', 'gpu')
    .fill('none');
}

function fleetPower() {
  const query = InfluxQuery.fromSubqueries(powerPerGpu())
    .select(sum('power').as('power'))
    .timeFilter()
    .groupByTime()
    .fill('none');
  return stat('Fleet GPU power', 'watt', { w: 6, h: 4 })
    .description('Board power of all selected GPUs together (sum of per-GPU means).')
    .graphMode(BigValueGraphMode.Area)
    .thresholds(thresholds(...NEUTRAL))
    .withTarget(influx(query));
}

function fleetUtilisation() {
  const query = InfluxQuery.from('gpu')
    .select(mean('utilization_pct').as('utilization'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .fill('none');
  return stat('Mean GPU utilisation', 'percent', { w: 6, h: 4 })
    .description('Mean utilisation over all selected GPUs.')
    .graphMode(BigValueGraphMode.Area)
    .min(0)
    .max(100)
    .thresholds(thresholds([null, 'orange'], [20, 'green']))
    .withTarget(influx(query));
}

function temperatureHeatmap() {
  const query = InfluxQuery.from('gpu')
    .select(max('temperature_c').as('temperature'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device')
    .fill('null');
  return new HeatmapPanel()
    .title('Hottest GPU per device')
    .description('Each row is a device; the colour is its hottest GPU in each interval.')
    .datasource(INFLUX_DATASOURCE)
    .unit('celsius')
    .span(24)
    .height(9)
    .thresholds(thresholds([null, 'green'], [WARM_C, 'orange'], [HOT_C, 'red']))
    .calculate(false)
    .color(
      new HeatmapColorOptionsBuilder()
        .mode(HeatmapColorMode.Scheme)
        .scheme('RdYlBu')
        .reverse(true)
        .min(30)
        .max(95)
        .steps(64),
    )
    .withTarget(influx(query, { alias: PER_DEVICE }));
}

function utilisationByDevice() {
  const query = InfluxQuery.from('gpu')
    .select(mean('utilization_pct').as('utilization'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device')
    .fill('null');
  return timeseries('GPU utilisation by device', 'percent')
    .description('Mean utilisation of each device’s GPUs.')
    .min(0)
    .max(100)
    .thresholds(thresholds(...NEUTRAL))
    .withTarget(influx(query, { alias: PER_DEVICE }));
}

function powerByDevice() {
  const query = InfluxQuery.fromSubqueries(powerPerGpu())
    .select(sum('power').as('power'))
    .timeFilter()
    .groupByTime()
    .groupBy('device')
    .fill('none');
  return timeseries('GPU power by device', 'watt')
    .description('Board power of each device’s GPUs together.')
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .withTarget(influx(query, { alias: PER_DEVICE }));
}

function hottestGpus() {
  const recent = InfluxQuery.from('gpu')
    .select(mean('temperature_c').as('temperature'), max('throttled').as('throttled'))
    .forDevices()
    .since('5m')
    .groupBy('device', 'gpu');
  const query = InfluxQuery.fromSubqueries(recent)
    .select(top('temperature', 10).as('temperature'), field('throttled').as('throttled'))
    .selectTags('device', 'gpu');
  return table('Hottest GPUs (mean of the last 5 minutes)', 'celsius')
    .thresholds(thresholds([null, 'green'], [WARM_C, 'orange'], [HOT_C, 'red']))
    .sortBy([new TableSortByFieldStateBuilder().displayName('temperature').desc(true)])
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } })
    .overrideByName(
      'temperature',
      props({ 'custom.cellOptions': { type: TableCellDisplayMode.ColorBackground } }),
    )
    .overrideByName('throttled', props({ unit: 'bool_yes_no' }))
    .withTarget(influx(query, { format: 'table' }));
}

function devicesNotReporting() {
  const query = InfluxQuery.fromSubqueries(perDevice())
    .select(field('points').as('points'))
    .whereField('points', '<', 1)
    .groupBy('device');
  return table('Devices not reporting', 'none')
    .description(
      `Devices that reported in the time range but sent nothing in the last ${ONLINE_WINDOW}. ` +
        'Open one for its last samples.',
    )
    .noValue('Every device is reporting')
    .thresholds(thresholds([null, 'red']))
    .withTransformation({
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        renameByName: { points: `Samples in ${ONLINE_WINDOW}` },
      },
    })
    .overrideByName('device', props({ links: [{ title: 'Device detail', url: DETAIL_LINK }] }))
    .withTarget(influx(query, { format: 'table' }));
}

export function fleetOverview(): Dashboard {
  const dashboard = new DashboardBuilder('IO Worker / Fleet overview')
    .uid('ioworker-fleet')
    .tags(['ioworker', 'fleet'])
    .description('Every node at a glance: who is online, how hot, how busy, how much power.')
    .time({ from: 'now-6h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .withVariable(deviceVariable({ includeAll: true }));
  section(dashboard, 'Fleet', [
    devicesOnline(),
    devicesOffline(),
    gpusReporting(),
    fleetPower(),
    fleetUtilisation(),
  ]);
  section(dashboard, 'By device', [temperatureHeatmap(), utilisationByDevice(), powerByDevice()]);
  section(dashboard, 'Needs attention', [hottestGpus(), devicesNotReporting()]);
  return dashboard.build();
}
