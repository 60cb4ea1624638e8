import {
  GraphDrawStyle,
  GraphTransform,
  LineInterpolation,
  ReduceDataOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  MappingType,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StateTimelinePanel } from '@grafana/grafana-foundation-sdk/statetimeline';
import { influx, INFLUX_DATASOURCE } from '../grafana/influx-target.js';
import {
  dashedThresholds,
  NEUTRAL,
  PER_GPU,
  props,
  section,
  stat,
  thresholds,
  timeseries,
} from '../grafana/panels.js';
import { deviceVariable, gpuVariable } from '../grafana/variables.js';
import {
  InfluxQuery,
  last,
  max,
  mean,
  nonNegativeDerivative,
  nonNegativeDifference,
  type Expr,
  type Selection,
} from '../influxql/query-builder.js';
import type { FieldOf } from '@ioworker/contract/telemetry';
import { AT_POWER_LIMIT, HOT_C, WARM_C } from './limits.js';

type GpuColumn = Expr<FieldOf<'gpu'>> | Selection<FieldOf<'gpu'>>;
type HostColumn = Expr<FieldOf<'host'>> | Selection<FieldOf<'host'>>;

/** Per GPU of the chosen devices and GPUs, per interval. */
function perGpu(...columns: GpuColumn[]) {
  return InfluxQuery.from('gpu')
    .select(...columns)
    .forDevices()
    .matching('gpu', 'gpu')
    .timeFilter()
    .groupByTime()
    .groupBy('device', 'gpu')
    .fill('null');
}

function perHost(...columns: HostColumn[]) {
  return InfluxQuery.from('host')
    .select(...columns)
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device')
    .fill('null');
}

/** The newest value of a host field in the time range, per device. */
function latestHost(column: FieldOf<'host'>) {
  return InfluxQuery.from('host')
    .select(last(column).as(column))
    .forDevices()
    .timeFilter()
    .groupBy('device');
}

function hostStats() {
  return [
    stat('Uptime', 's')
      .thresholds(thresholds([null, 'orange'], [3600, 'green']))
      .withTarget(influx(latestHost('uptime_s'), { alias: '$tag_device' })),
    stat('Collector version', 'none')
      .thresholds(thresholds(...NEUTRAL))
      .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('/.*/'))
      .withTarget(influx(latestHost('agent_version'), { alias: '$tag_device' })),
    stat('Sampling interval', 's')
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(influx(latestHost('interval_s'), { alias: '$tag_device' })),
    stat('Samples waiting to be sent', 'none')
      .description('Samples buffered on the node because the API could not be reached.')
      .thresholds(thresholds([null, 'green'], [1, 'orange']))
      .withTarget(influx(latestHost('buffered_points'), { alias: '$tag_device' })),
    stat('Samples dropped', 'none')
      .description('Samples the node threw away because its buffer was full.')
      .thresholds(thresholds([null, 'green'], [1, 'red']))
      .withTarget(influx(latestHost('dropped_points'), { alias: '$tag_device' })),
    stat('Host CPU', 'percent')
      .min(0)
      .max(100)
      .thresholds(thresholds([null, 'green'], [80, 'orange'], [95, 'red']))
      .withTarget(influx(latestHost('cpu_pct'), { alias: '$tag_device' })),
  ];
}

function temperature() {
  return timeseries('GPU temperature', 'celsius')
    .thresholds(thresholds([null, 'green'], [WARM_C, 'orange'], [HOT_C, 'red']))
    .thresholdsStyle(dashedThresholds())
    .axisSoftMin(20)
    .axisSoftMax(95)
    .withTarget(influx(perGpu(mean('temperature_c').as('temperature')), { alias: PER_GPU }));
}

function powerVersusLimit() {
  const query = perGpu(mean('power_w').as('power'), max('power_limit_w').as('limit'));
  return timeseries('Power vs limit', 'watt')
    .description(
      `Dashed: the board's power limit. At ${AT_POWER_LIMIT * 100} % of it the card is power-capped.`,
    )
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp(
      '/limit$/',
      props({ 'custom.lineStyle': { fill: 'dash', dash: [10, 10] }, 'custom.fillOpacity': 0 }),
    )
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

function utilisation() {
  return timeseries('GPU utilisation', 'percent')
    .min(0)
    .max(100)
    .thresholds(thresholds(...NEUTRAL))
    .withTarget(influx(perGpu(mean('utilization_pct').as('utilization')), { alias: PER_GPU }));
}

function memory() {
  const query = perGpu(mean('memory_used_mib').as('used'), max('memory_total_mib').as('total'));
  return timeseries('GPU memory', 'mbytes')
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp(
      '/total$/',
      props({ 'custom.lineStyle': { fill: 'dash', dash: [10, 10] }, 'custom.fillOpacity': 0 }),
    )
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

function fan() {
  return timeseries('Fan speed', 'percent')
    .min(0)
    .max(100)
    .thresholds(thresholds([null, 'green'], [90, 'orange']))
    .withTarget(influx(perGpu(mean('fan_pct').as('fan')), { alias: PER_GPU }));
}

function clocks() {
  const query = perGpu(mean('sm_clock_mhz').as('sm'), mean('mem_clock_mhz').as('memory'));
  return timeseries('Clocks', 'rotmhz')
    .description('SM (graphics) and memory clocks. SM clocks falling under load mean throttling.')
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

function throttling() {
  return timeseries('Time throttled', 'percentunit')
    .description('Share of samples in each interval in which the GPU reported a clock slowdown.')
    .min(0)
    .max(1)
    .lineInterpolation(LineInterpolation.StepAfter)
    .thresholds(thresholds([null, 'green'], [0.01, 'orange'], [0.5, 'red']))
    .withTarget(influx(perGpu(mean('throttled').as('throttled')), { alias: PER_GPU }));
}

function xidAndEcc() {
  const query = perGpu(
    nonNegativeDifference(max('xid_errors')).as('xid'),
    nonNegativeDifference(max('ecc_errors')).as('ecc'),
  ).fill('none');
  return timeseries('New XID and uncorrectable ECC errors', 'none')
    .description(
      'Errors reported in each interval. Any is worth a look: see the GPU health dashboard.',
    )
    .min(0)
    .decimals(0)
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(80)
    .thresholds(thresholds([null, 'green'], [1, 'red']))
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

function traffic() {
  const query = perHost(
    nonNegativeDerivative(max('rx_bytes'), '1s').as('received'),
    nonNegativeDerivative(max('tx_bytes'), '1s').as('sent'),
  ).fill('none');
  return timeseries('Network traffic', 'Bps')
    .description('Received (up) and sent (down), from the interface byte counters.')
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp('/sent$/', props({ 'custom.transform': GraphTransform.NegativeY }))
    .withTarget(influx(query, { alias: '$tag_device $col' }));
}

function hostLoad() {
  const query = perHost(mean('cpu_pct').as('cpu'), mean('mem_used_mib').as('memory'));
  return timeseries('Host CPU and memory', 'percent')
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp('/memory$/', props({ unit: 'mbytes', 'custom.axisPlacement': 'right' }))
    .withTarget(influx(query, { alias: '$tag_device $col' }));
}

function services() {
  const query = InfluxQuery.from('service')
    .select(last('up').as('up'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device', 'name')
    .fill('previous');
  return new StateTimelinePanel()
    .title('Services')
    .description('What the collector found running on the node (the IO agent, Docker…).')
    .datasource(INFLUX_DATASOURCE)
    .unit('none')
    .span(24)
    .height(6)
    .thresholds(thresholds([null, 'red'], [1, 'green']))
    .mappings([
      {
        type: MappingType.ValueToText,
        options: { '0': { text: 'down', color: 'red' }, '1': { text: 'up', color: 'green' } },
      },
    ])
    .withTarget(influx(query, { alias: '$tag_device $tag_name' }));
}

export function deviceDetail(): Dashboard {
  const dashboard = new DashboardBuilder('IO Worker / Device detail')
    .uid('ioworker-device')
    .tags(['ioworker', 'device'])
    .description('One node in depth: every GPU, the host, its network and the collector itself.')
    .time({ from: 'now-3h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .withVariable(deviceVariable({ includeAll: false }))
    .withVariable(gpuVariable());
  section(dashboard, 'Node', hostStats());
  section(dashboard, 'GPUs', [
    temperature(),
    powerVersusLimit(),
    utilisation(),
    memory(),
    fan(),
    clocks(),
    throttling(),
    xidAndEcc(),
  ]);
  section(dashboard, 'Host', [traffic(), hostLoad(), services()]);
  return dashboard.build();
}
