import { LineInterpolation } from '@grafana/grafana-foundation-sdk/common';
import { influx } from '../grafana/influx-target.js';
import { NEUTRAL, PER_GPU, props, stat, table, thresholds, timeseries } from '../grafana/panels.js';
import { HEADROOM_LOW_C, HEADROOM_WATCH_C } from './limits.js';
import {
  divide,
  InfluxQuery,
  type Duration,
  last,
  max,
  mean,
  min,
  nonNegativeDerivative,
} from '../influxql/query-builder.js';

const HEADROOM_STEPS = thresholds(
  [null, 'red'],
  [HEADROOM_LOW_C, 'orange'],
  [HEADROOM_WATCH_C, 'green'],
);
const SHARE_STEPS = thresholds([null, 'green'], [0.05, 'orange'], [0.25, 'red']);
/** HBM is specified to about 95 °C, and the driver slows it down near there. */
const MEMORY_STEPS = thresholds([null, 'green'], [85, 'orange'], [95, 'red']);

/** The counters of time the driver held the clocks back, by reason (µs since it loaded). */
export const THROTTLE_REASONS = {
  thermal: 'throttle_thermal_us',
  hardware: 'throttle_hw_us',
  power_cap: 'throttle_power_us',
} as const;
export type ThrottleReason = keyof typeof THROTTLE_REASONS;

/** The least thermal headroom of any GPU: a card near its slowdown point, whatever its model. */
export function leastHeadroomNow() {
  const perGpu = InfluxQuery.from('gpu')
    .select(mean('temperature_limit_margin_c').as('headroom'))
    .forDevices()
    .since('5m')
    .groupBy('device', 'gpu');
  const query = InfluxQuery.fromSubqueries(perGpu).select(min('headroom').as('headroom'));
  return stat('Least thermal headroom (5-minute mean)', 'celsius', { w: 6, h: 4 })
    .description(
      'Degrees left before the GPU closest to it slows itself down (T.Limit margin). Cards whose driver does not report it are left out.',
    )
    .thresholds(HEADROOM_STEPS)
    .withTarget(influx(query));
}

export function thermalHeadroom() {
  const query = InfluxQuery.from('gpu')
    .select(min('temperature_limit_margin_c').as('headroom'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device', 'gpu')
    .fill('null');
  return timeseries('Thermal headroom per GPU', 'celsius')
    .description(
      'Degrees left before thermal slowdown (lowest in each interval). The limit differs by model, so this compares cards that a bare temperature does not.',
    )
    .thresholds(HEADROOM_STEPS)
    .withTarget(influx(query, { alias: PER_GPU }));
}

export function memoryTemperature() {
  const query = InfluxQuery.from('gpu')
    .select(max('memory_temperature_c').as('memory'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device', 'gpu')
    .fill('null');
  return timeseries('Memory (HBM) temperature per GPU', 'celsius')
    .description('Highest memory temperature in each interval, where the card reports it.')
    .thresholds(MEMORY_STEPS)
    .withTarget(influx(query, { alias: PER_GPU }));
}

/**
 * Per GPU and interval, the share of the time each reason held the clocks back: the rate of its
 * counter (µs held back per second, / 10⁶). Exact whatever the sampling, unlike the share of
 * samples with a flag set, and `non_negative_derivative` skips a driver reload's drop to 0.
 */
export function throttledShares(
  reasons: readonly ThrottleReason[],
  { forDevices, interval }: { forDevices: boolean; interval: Duration | '$__interval' },
) {
  const shares = reasons.map((reason) =>
    divide(nonNegativeDerivative(max(THROTTLE_REASONS[reason]), '1s'), 1e6).as(reason),
  );
  const query = InfluxQuery.from('gpu').select(...shares);
  return (forDevices ? query.forDevices() : query)
    .timeFilter()
    .groupByTime(interval)
    .groupBy('device', 'gpu')
    .fill('none');
}

export function throttledByReason() {
  const query = throttledShares(['thermal', 'hardware', 'power_cap'], {
    forDevices: true,
    interval: '$__interval',
  });
  return timeseries('Time throttled by reason', 'percentunit', { w: 24, h: 8 })
    .description(
      'Share of each interval the driver held the clocks back, per reason: thermal slowdown (software and hardware), hardware slowdown or power brake, the power cap. Power capping under full load is normal; thermal and hardware slowdown are not.',
    )
    .min(0)
    .max(1)
    .thresholds(SHARE_STEPS)
    .withTarget(influx(query, { alias: `${PER_GPU} $col` }));
}

/** The link of each GPU now beside the most it can run at; an idle GPU lowers its generation. */
export function pcieLink() {
  const query = InfluxQuery.from('gpu')
    .select(
      last('pcie_link_gen').as('gen'),
      last('pcie_link_gen_max').as('gen max'),
      last('pcie_link_width').as('width'),
      last('pcie_link_width_max').as('width max'),
    )
    .forDevices()
    .timeFilter()
    .groupBy('device', 'gpu');
  return table('PCIe link now vs max', 'none', { w: 12, h: 9 })
    .description(
      'A narrower link than the card supports is a seating or riser problem. A lower generation counts only under load: idle GPUs lower it to save power.',
    )
    .noValue('No GPU reports its link')
    .thresholds(thresholds(...NEUTRAL))
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } })
    .withTarget(influx(query, { format: 'table' }));
}

export function pstate() {
  const query = InfluxQuery.from('gpu')
    .select(max('pstate').as('pstate'))
    .forDevices()
    .timeFilter()
    .groupByTime()
    .groupBy('device', 'gpu')
    .fill('null');
  return timeseries('Performance state per GPU (P0 = full speed)', 'none')
    .description(
      'Highest (slowest) P-state in each interval. A busy GPU stuck above P0 or P2 is being held back.',
    )
    .min(0)
    .max(15)
    .decimals(0)
    .lineInterpolation(LineInterpolation.StepAfter)
    .thresholds(thresholds(...NEUTRAL))
    .withTarget(influx(query, { alias: PER_GPU }));
}

/** The newest Xid code of each GPU that logged one since its node booted. */
export function newestXid() {
  const query = InfluxQuery.from('gpu')
    .select(last('xid_last').as('xid'))
    .forDevices()
    .timeFilter()
    .groupBy('device', 'gpu');
  return table('Newest Xid per GPU', 'none', { w: 12, h: 9 })
    .description(
      'The code of the newest Xid the kernel logged for the GPU since boot (79: fallen off the bus, 48/94/95: ECC, 13/31/43: usually the job). The device health view explains each code.',
    )
    .noValue('No Xid since boot')
    .thresholds(thresholds([null, 'red']))
    .decimals(0)
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true } } })
    .overrideByName('xid', props({ 'custom.cellOptions': { type: 'color-text' } }))
    .withTarget(influx(query, { format: 'table' }));
}
