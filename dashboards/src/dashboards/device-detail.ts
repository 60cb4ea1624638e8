import {
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
import { NEUTRAL, PER_GPU, section, stat, thresholds, timeseries } from '../grafana/panels.js';
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
import {
  errorsPanel,
  hostLoadPanel,
  memoryPanel,
  powerVersusLimitPanel,
  temperaturePanel,
  throttlingPanel,
  trafficPanel,
  utilisationPanel,
} from './device-panels.js';
import { AT_POWER_LIMIT } from './limits.js';

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
  return temperaturePanel(perGpu(mean('temperature_c').as('temperature')));
}

function powerVersusLimit() {
  const query = perGpu(mean('power_w').as('power'), max('power_limit_w').as('limit'));
  return powerVersusLimitPanel(query).description(
    `Dashed: the board's power limit. At ${AT_POWER_LIMIT * 100} % of it the card is power-capped.`,
  );
}

function utilisation() {
  return utilisationPanel(perGpu(mean('utilization_pct').as('utilization')));
}

function memory() {
  return memoryPanel(
    perGpu(mean('memory_used_mib').as('used'), max('memory_total_mib').as('total')),
  );
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
  return throttlingPanel(perGpu(mean('throttled').as('throttled'))).lineInterpolation(
    LineInterpolation.StepAfter,
  );
}

function xidAndEcc() {
  const query = perGpu(
    nonNegativeDifference(max('xid_errors')).as('xid'),
    nonNegativeDifference(max('ecc_errors')).as('ecc'),
  ).fill('none');
  return errorsPanel(query).description(
    'Errors reported in each interval. Any is worth a look: see the GPU health dashboard.',
  );
}

function traffic() {
  const query = perHost(
    nonNegativeDerivative(max('rx_bytes'), '1s').as('received'),
    nonNegativeDerivative(max('tx_bytes'), '1s').as('sent'),
  ).fill('none');
  return trafficPanel(query).description(
    'Received (up) and sent (down), from the interface byte counters.',
  );
}

function hostLoad() {
  return hostLoadPanel(perHost(mean('cpu_pct').as('cpu'), mean('mem_used_mib').as('memory')));
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
