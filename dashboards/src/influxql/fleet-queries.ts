import {
  count,
  InfluxQuery,
  last,
  nonNegativeDifference,
  sum,
  times,
  type Duration,
} from './query-builder.js';

type Scope = {
  /** Restrict to the dashboard's `device` variable (dashboards); alerts see the whole fleet. */
  forDevices: boolean;
};

function scoped<Q extends { forDevices(): Q }>(query: Q, { forDevices }: Scope): Q {
  return forDevices ? query.forDevices() : query;
}

/**
 * Per device, the `host` points of the last `recent` window — 0 for a device that reported
 * earlier in the time range and then fell silent.
 *
 * Why not `count() … GROUP BY time(…) fill(0)`: InfluxDB 1.x fills empty buckets only for series
 * that have points in the queried range, so a vanished device needs a range reaching back to when
 * it still reported, and the newest bucket is always cut short by `now()`. Here the device's last
 * point in the range (times 0) gives every device a row, and the count of the recent window is
 * added to it: exact, and cheap however long the range is.
 */
export function hostPointsPerDevice(recent: Duration, scope: Scope) {
  const seen = scoped(
    InfluxQuery.from('host')
      .select(times(last('interval_s'), 0).as('points'))
      .timeFilter(),
    scope,
  ).groupBy('device');
  const reporting = scoped(
    InfluxQuery.from('host').select(count('interval_s').as('points')).since(recent),
    scope,
  ).groupBy('device');
  return InfluxQuery.fromSubqueries(seen, reporting)
    .select(sum('points').as('points'))
    .groupBy('device');
}

type Counter = 'xid_errors' | 'ecc_errors';

/** Per GPU, each increase of a counter in the time range (a reset after a reboot is skipped). */
export function counterSteps<A extends string>(counter: Counter, alias: A, scope: Scope) {
  return scoped(
    InfluxQuery.from('gpu').select(nonNegativeDifference(counter).as(alias)).timeFilter(),
    scope,
  ).groupBy('device', 'gpu');
}

/** Per GPU, how much a counter (`xid_errors`, `ecc_errors`) grew in the time range. */
export function counterIncreasePerGpu(counter: Counter, scope: Scope) {
  return InfluxQuery.fromSubqueries(counterSteps(counter, 'increase', scope))
    .select(sum('increase').as('increase'))
    .groupBy('device', 'gpu');
}
