import { describe, expect, it } from 'vitest';
import {
  count,
  divide,
  field,
  InfluxQuery,
  last,
  max,
  mean,
  nonNegativeDerivative,
  quoteIdentifier,
  sum,
  times,
  top,
} from './query-builder.js';

describe('InfluxQuery', () => {
  it('writes a dashboard time series query', () => {
    const query = InfluxQuery.from('gpu')
      .select(mean('temperature_c').as('temperature'))
      .forDevices()
      .timeFilter()
      .groupByTime()
      .groupBy('device', 'gpu')
      .fill('null');
    expect(query.toString()).toBe(
      'SELECT mean("temperature_c") AS "temperature" FROM "gpu" WHERE "device" =~ /^$device$/ ' +
        'AND $timeFilter GROUP BY time($__interval), "device", "gpu" fill(null)',
    );
  });

  it('nests functions, arithmetic with parentheses, windows and limits', () => {
    const query = InfluxQuery.from('host')
      .select(
        nonNegativeDerivative(max('rx_bytes'), '1s').as('received'),
        times(divide(mean('mem_used_mib'), max('mem_total_mib')), 100).as('memory_pct'),
      )
      .since('30s')
      .whereField('cpu_pct', '>', 5)
      .groupByTime('1m')
      .fill(0)
      .limit(10);
    expect(query.toString()).toBe(
      'SELECT non_negative_derivative(max("rx_bytes"), 1s) AS "received", ' +
        '(mean("mem_used_mib") / max("mem_total_mib")) * 100 AS "memory_pct" FROM "host" ' +
        'WHERE time > now() - 30s AND "cpu_pct" > 5 GROUP BY time(1m) fill(0) LIMIT 10',
    );
  });

  it('reads subqueries by their aliases and grouped tags', () => {
    const inner = InfluxQuery.from('gpu')
      .select(last('temperature_c').as('t'))
      .since('5m')
      .groupBy('device', 'gpu');
    const outer = InfluxQuery.fromSubqueries(inner, inner)
      .select(top('t', 3), count('t').as('n'))
      .selectTags('device');
    expect(outer.columns).toEqual(['n']);
    expect(outer.toString()).toBe(
      `SELECT top("t", 3), count("t") AS "n", "device" FROM (${inner.toString()}), (${inner.toString()})`,
    );
  });

  it('is immutable: a derived query leaves its base as it was', () => {
    const base = InfluxQuery.from('service').select(field('up'));
    const derived = base.timeFilter().groupBy('name');
    expect(base.toString()).toBe('SELECT "up" FROM "service"');
    expect(derived.toString()).toBe('SELECT "up" FROM "service" WHERE $timeFilter GROUP BY "name"');
  });

  it('refuses, at compile time, fields and tags the measurement does not have', () => {
    // @ts-expect-error uptime_s is a host field, not a gpu field
    InfluxQuery.from('gpu').select(mean('uptime_s'));
    // @ts-expect-error host has no gpu tag
    InfluxQuery.from('host').select(sum('rx_bytes')).groupBy('gpu');
    const inner = InfluxQuery.from('gpu').select(max('power_w').as('p'));
    // @ts-expect-error an outer query sees only the subquery's aliases
    InfluxQuery.fromSubqueries(inner).select(sum('power_w'));
  });

  it('reads a rollup policy with its aggregate field names, checked at compile time', () => {
    const query = InfluxQuery.fromRollup('host', '$rollup')
      .select(nonNegativeDerivative(max('rx_bytes_max'), '1s').as('rx'))
      .forDevices()
      .timeFilter()
      .groupByTime()
      .groupBy('device');
    expect(query.toString()).toBe(
      'SELECT non_negative_derivative(max("rx_bytes_max"), 1s) AS "rx" FROM "$rollup"."host" WHERE "device" =~ /^$device$/ AND $timeFilter GROUP BY time($__interval), "device"',
    );
    // @ts-expect-error a rollup has no raw field names
    InfluxQuery.fromRollup('gpu', 'rollup_1h').select(mean('temperature_c'));
    // @ts-expect-error strings are kept as their last value only
    InfluxQuery.fromRollup('host', 'rollup_1h').select(max('agent_version_max'));
  });

  it('rejects a query that selects nothing, and quotes identifiers', () => {
    expect(() => InfluxQuery.from('gpu').toString()).toThrow(/selects nothing/);
    expect(quoteIdentifier('a "b"')).toBe('"a \\"b\\""');
  });
});
