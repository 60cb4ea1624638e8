import { DashboardBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PER_GPU, props, section } from '../grafana/panels.js';
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
  return temperaturePanel(query, `${PER_GPU} $col`)
    .title('GPU temperature: mean and peak')
    .description('Solid: the mean of each interval. Dashed: the hottest sample in it.')
    .overrideByRegexp('/peak$/', props({ 'custom.lineStyle': { fill: 'dash', dash: [10, 10] } }));
}

function power() {
  return powerVersusLimitPanel(
    perGpu(mean('power_w_mean').as('power'), max('power_limit_w_max').as('limit')),
  );
}

function utilisation() {
  return utilisationPanel(perGpu(mean('utilization_pct_mean').as('utilization')));
}

function memory() {
  return memoryPanel(
    perGpu(mean('memory_used_mib_mean').as('used'), max('memory_total_mib_max').as('total')),
  );
}

function throttling() {
  return throttlingPanel(perGpu(mean('throttled_mean').as('throttled')));
}

function errors() {
  // The counters' maxima per window: their increase between intervals, as on raw samples.
  return errorsPanel(
    perGpu(
      nonNegativeDifference(max('xid_errors_max')).as('xid'),
      nonNegativeDifference(max('ecc_errors_max')).as('ecc'),
    ),
  );
}

function traffic() {
  const query = perHost(
    nonNegativeDerivative(max('rx_bytes_max'), '1s').as('received'),
    nonNegativeDerivative(max('tx_bytes_max'), '1s').as('sent'),
  );
  return trafficPanel(query).description(
    'Received (up) and sent (down): the rate between the counters of each interval.',
  );
}

function hostLoad() {
  return hostLoadPanel(
    perHost(mean('cpu_pct_mean').as('cpu'), mean('mem_used_mib_mean').as('memory')),
  );
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
