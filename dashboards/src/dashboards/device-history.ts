import { GraphDrawStyle, GraphTransform } from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { influx } from '../grafana/influx-target.js';
import {
  dashedThresholds,
  NEUTRAL,
  PER_GPU,
  props,
  section,
  thresholds,
  timeseries,
} from '../grafana/panels.js';
import { deviceVariable, gpuVariable, rollupVariable } from '../grafana/variables.js';
import {
  InfluxQuery,
  max,
  mean,
  nonNegativeDerivative,
  nonNegativeDifference,
  type Expr,
  type RollupFieldOf,
  type Selection,
} from '../influxql/query-builder.js';
import { HOT_C, WARM_C } from './limits.js';

/** The policy the `rollup` variable names. */
const ROLLUP = '$rollup';

type GpuColumn = Expr<RollupFieldOf<'gpu'>> | Selection<RollupFieldOf<'gpu'>>;
type HostColumn = Expr<RollupFieldOf<'host'>> | Selection<RollupFieldOf<'host'>>;

/**
 * Per GPU, per interval, from the rollup. `$__interval` is never finer than the rollup's window
 * that matters: a finer one only leaves empty intervals (`fill(none)` skips them).
 */
function perGpu(...columns: GpuColumn[]) {
  return InfluxQuery.fromRollup('gpu', ROLLUP)
    .select(...columns)
    .forDevices()
    .matching('gpu', 'gpu')
    .timeFilter()
    .groupByTime()
    .groupBy('device', 'gpu')
    .fill('none');
}

function perHost(...columns: HostColumn[]) {
  return InfluxQuery.fromRollup('host', ROLLUP)
    .select(...columns)
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device')
    .fill('none');
}

function temperature() {
  const query = perGpu(mean('temperature_c_mean').as('mean'), max('temperature_c_max').as('peak'));
  return timeseries('GPU temperature: mean and peak', 'celsius')
    .description('Solid: the mean of each interval. Dashed: the hottest sample in it.')
    .thresholds(thresholds([null, 'green'], [WARM_C, 'orange'], [HOT_C, 'red']))
    .thresholdsStyle(dashedThresholds())
    .axisSoftMin(20)
    .axisSoftMax(95)
    .overrideByRegexp('/peak$/', props({ 'custom.lineStyle': { fill: 'dash', dash: [10, 10] } }))
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

function power() {
  const query = perGpu(mean('power_w_mean').as('power'), max('power_limit_w_max').as('limit'));
  return timeseries('Power vs limit', 'watt')
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
    .withTarget(influx(perGpu(mean('utilization_pct_mean').as('utilization')), { alias: PER_GPU }));
}

function memory() {
  const query = perGpu(
    mean('memory_used_mib_mean').as('used'),
    max('memory_total_mib_max').as('total'),
  );
  return timeseries('GPU memory', 'mbytes')
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp(
      '/total$/',
      props({ 'custom.lineStyle': { fill: 'dash', dash: [10, 10] }, 'custom.fillOpacity': 0 }),
    )
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

function throttling() {
  return timeseries('Time throttled', 'percentunit')
    .description('Share of samples in each interval in which the GPU reported a clock slowdown.')
    .min(0)
    .max(1)
    .thresholds(thresholds([null, 'green'], [0.01, 'orange'], [0.5, 'red']))
    .withTarget(influx(perGpu(mean('throttled_mean').as('throttled')), { alias: PER_GPU }));
}

function errors() {
  // The counters' maxima per window: their increase between intervals, as on raw samples.
  const query = perGpu(
    nonNegativeDifference(max('xid_errors_max')).as('xid'),
    nonNegativeDifference(max('ecc_errors_max')).as('ecc'),
  );
  return timeseries('New XID and uncorrectable ECC errors', 'none')
    .min(0)
    .decimals(0)
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(80)
    .thresholds(thresholds([null, 'green'], [1, 'red']))
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

function traffic() {
  const query = perHost(
    nonNegativeDerivative(max('rx_bytes_max'), '1s').as('received'),
    nonNegativeDerivative(max('tx_bytes_max'), '1s').as('sent'),
  );
  return timeseries('Network traffic', 'Bps')
    .description('Received (up) and sent (down): the rate between the counters of each interval.')
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp('/sent$/', props({ 'custom.transform': GraphTransform.NegativeY }))
    .withTarget(influx(query, { alias: '$tag_device $col' }));
}

function hostLoad() {
  const query = perHost(mean('cpu_pct_mean').as('cpu'), mean('mem_used_mib_mean').as('memory'));
  return timeseries('Host CPU and memory', 'percent')
    .min(0)
    .thresholds(thresholds(...NEUTRAL))
    .overrideByRegexp('/memory$/', props({ unit: 'mbytes', 'custom.axisPlacement': 'right' }))
    .withTarget(influx(query, { alias: '$tag_device $col' }));
}

/**
 * A node over weeks and months, from the 1-hour or 1-minute rollups the API keeps (the raw
 * samples are kept 7 days by default; Device detail reads them).
 */
export function deviceHistory(): Dashboard {
  const dashboard = new DashboardBuilder('IO Worker / Device history')
    .uid('ioworker-device-history')
    .tags(['ioworker', 'device'])
    .description(
      'One node over weeks and months, from the rollups: pick 1-hour windows for months, 1-minute windows for days.',
    )
    .time({ from: 'now-30d', to: 'now' })
    .refresh('5m')
    .timezone('browser')
    .withVariable(deviceVariable({ includeAll: false }))
    .withVariable(gpuVariable())
    .withVariable(rollupVariable());
  section(dashboard, 'GPUs', [
    temperature(),
    power(),
    utilisation(),
    memory(),
    throttling(),
    errors(),
  ]);
  section(dashboard, 'Host', [traffic(), hostLoad()]);
  return dashboard.build();
}
