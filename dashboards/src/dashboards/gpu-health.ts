import {
  GraphDrawStyle,
  LineInterpolation,
  TableSortByFieldStateBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { influx } from '../grafana/influx-target.js';
import { PER_GPU, props, section, stat, table, thresholds, timeseries } from '../grafana/panels.js';
import { deviceVariable } from '../grafana/variables.js';
import {
  leastHeadroomNow,
  memoryTemperature,
  newestXid,
  pcieLink,
  pstate,
  thermalHeadroom,
  throttledByReason,
} from './gpu-health-panels.js';
import { counterIncreasePerGpu } from '../influxql/fleet-queries.js';
import {
  field,
  InfluxQuery,
  last,
  max,
  mean,
  nonNegativeDifference,
  sum,
  top,
} from '../influxql/query-builder.js';

const scope = { forDevices: true };
const THROTTLE_STEPS = thresholds([null, 'green'], [0.01, 'orange'], [0.5, 'red']);

function throttledNow() {
  const latest = InfluxQuery.from('gpu')
    .select(last('throttled').as('throttled'))
    .forDevices()
    .since('1m')
    .groupBy('device', 'gpu');
  const query = InfluxQuery.fromSubqueries(latest).select(sum('throttled').as('gpus'));
  return stat('GPUs throttling now', 'none', { w: 6, h: 4 })
    .description('GPUs whose latest sample (last minute) reports a clock slowdown.')
    .noValue('0')
    .thresholds(thresholds([null, 'green'], [1, 'orange']))
    .withTarget(influx(query));
}

function errorsInRange(title: string, counter: 'xid_errors' | 'ecc_errors', description: string) {
  const query = InfluxQuery.fromSubqueries(counterIncreasePerGpu(counter, scope)).select(
    sum('increase').as('errors'),
  );
  return stat(title, 'none', { w: 6, h: 4 })
    .description(description)
    .noValue('0')
    .decimals(0)
    .thresholds(thresholds([null, 'green'], [1, 'red']))
    .withTarget(influx(query));
}

function timeThrottled() {
  const query = InfluxQuery.from('gpu')
    .select(mean('throttled').as('throttled'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device', 'gpu')
    .fill('null');
  return timeseries('Time throttled per GPU', 'percentunit', { w: 24, h: 8 })
    .description(
      'Share of samples with a clock slowdown flag, any reason: what cards without slowdown counters report.',
    )
    .min(0)
    .max(1)
    .lineInterpolation(LineInterpolation.StepAfter)
    .thresholds(THROTTLE_STEPS)
    .withTarget(influx(query, { alias: PER_GPU }));
}

function newErrors(title: string, counter: 'xid_errors' | 'ecc_errors') {
  const query = InfluxQuery.from('gpu')
    .select(nonNegativeDifference(max(counter)).as('errors'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device', 'gpu')
    .fill('none');
  return timeseries(title, 'none')
    .min(0)
    .decimals(0)
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(80)
    .thresholds(thresholds([null, 'green'], [1, 'red']))
    .withTarget(influx(query, { alias: PER_GPU }));
}

/** The GPUs that throttled most in the range, with their peak temperature. */
function mostThrottled() {
  const perGpu = InfluxQuery.from('gpu')
    .select(mean('throttled').as('throttled'), max('temperature_c').as('peak'))
    .forDevices()
    .timeFilter()
    .groupBy('device', 'gpu');
  const query = InfluxQuery.fromSubqueries(perGpu)
    .select(top('throttled', 20).as('throttled'), field('peak').as('peak'))
    .selectTags('device', 'gpu')
    .whereField('throttled', '>', 0);
  return table('Most throttled GPUs', 'percentunit', { w: 12, h: 9 })
    .description('Share of the range each GPU spent throttled, and its peak temperature.')
    .noValue('No GPU throttled')
    .thresholds(THROTTLE_STEPS)
    .sortBy([new TableSortByFieldStateBuilder().displayName('throttled').desc(true)])
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } })
    .overrideByName('throttled', props({ 'custom.cellOptions': { type: 'color-background' } }))
    .overrideByName('peak', props({ unit: 'celsius', displayName: 'peak temperature' }))
    .withTarget(influx(query, { format: 'table' }));
}

/** Only the GPUs whose counter grew in the range. */
function gpusWithErrors(title: string, counter: 'xid_errors' | 'ecc_errors') {
  const query = InfluxQuery.fromSubqueries(counterIncreasePerGpu(counter, scope))
    .select(field('increase').as('errors'))
    .whereField('increase', '>', 0)
    .groupBy('device', 'gpu');
  return table(title, 'none', { w: 6, h: 9 })
    .noValue('None')
    .thresholds(thresholds([null, 'red']))
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } })
    .withTarget(influx(query, { format: 'table' }));
}

export function gpuHealth(): Dashboard {
  const dashboard = new DashboardBuilder('IO Worker / GPU health')
    .uid('ioworker-gpu-health')
    .tags(['ioworker', 'gpu'])
    .description(
      'Thermal headroom, throttle time by reason, PCIe links, Xid and ECC errors across the fleet: the GPUs that need a look.',
    )
    .time({ from: 'now-24h', to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .withVariable(deviceVariable({ includeAll: true }));
  section(dashboard, 'Now', [
    throttledNow(),
    leastHeadroomNow(),
    errorsInRange(
      'XID errors in range',
      'xid_errors',
      'New Xid lines in the kernel log of any GPU.',
    ),
    errorsInRange(
      'Uncorrectable ECC errors in range',
      'ecc_errors',
      'New volatile uncorrected ECC errors.',
    ),
  ]);
  // Headroom and throttle time by reason, not temperature: slowdown points differ by model.
  section(dashboard, 'Headroom and throttling', [
    thermalHeadroom(),
    memoryTemperature(),
    throttledByReason(),
  ]);
  section(dashboard, 'Over time', [
    timeThrottled(),
    newErrors('New XID errors', 'xid_errors'),
    newErrors('New uncorrectable ECC errors', 'ecc_errors'),
  ]);
  section(dashboard, 'Per GPU', [
    mostThrottled(),
    gpusWithErrors('GPUs with XID errors', 'xid_errors'),
    gpusWithErrors('GPUs with ECC errors', 'ecc_errors'),
  ]);
  section(dashboard, 'Driver state', [pcieLink(), newestXid(), pstate()]);
  return dashboard.build();
}
