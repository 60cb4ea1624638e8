import { describe, expect, it } from 'vitest';
import {
  MetricsUnavailableError,
  type InfluxSeries,
  type MetricsStore,
} from '../../influx/influx-client.js';
import { computeWindows, rollupLines, rollupQuery } from './rollup-compute.js';
import { POLICIES, rollupColumns } from './rollup-plan.js';

const [minute, hour] = POLICIES as [(typeof POLICIES)[0], (typeof POLICIES)[0]];
const MINUTE = 60_000;

describe('rollupQuery', () => {
  it('aggregates raw fields into 1-minute windows, and 1-minute rows into hours', () => {
    const range = { fromMs: 0, toMs: 2 * 3_600_000 };
    const fromRaw = rollupQuery('service', minute, range, 'd-1');
    expect(fromRaw).toBe(
      `SELECT mean("up") AS "up_mean", max("up") AS "up_max", last("up") AS "up_last" FROM "service" WHERE time >= 0ms AND time < 7200000ms AND "device" = 'd-1' GROUP BY time(60s), * fill(none)`,
    );
    expect(rollupQuery('service', hour, range)).toBe(
      `SELECT mean("up_mean") AS "up_mean", max("up_max") AS "up_max", last("up_last") AS "up_last" FROM "service" WHERE time >= 0ms AND time < 7200000ms GROUP BY time(3600s), * fill(none)`,
    );
  });

  it('takes every field of the schema: mean, max and last of numbers, last of strings', () => {
    const host = rollupColumns('host').map((column) => column.name);
    expect(host).toContain('rx_bytes_max');
    expect(host).toContain('agent_version_last');
    expect(host).not.toContain('agent_version_mean');
    expect(rollupColumns('gpu').find((c) => c.name === 'energy_mj_mean')?.type).toBe('float');
    expect(rollupColumns('gpu').find((c) => c.name === 'energy_mj_last')?.type).toBe('int');
  });
});

describe('rollupLines', () => {
  it('writes each row with its tags, integers as integers, and leaves nulls out', () => {
    const series: InfluxSeries[] = [
      {
        name: 'host',
        tags: { device: 'd-1' },
        columns: ['time', 'rx_bytes_mean', 'rx_bytes_max', 'cpu_pct_mean', 'agent_version_last'],
        values: [
          [60_000, 10.5, 12, null, '0.1 beta'],
          [120_000, null, null, null, null],
        ],
      },
    ];
    expect(rollupLines('host', series)).toEqual([
      'host,device=d-1 rx_bytes_mean=10.5,rx_bytes_max=12i,agent_version_last="0.1 beta" 60000',
    ]);
  });
});

describe('computeWindows', () => {
  /** A store that times out on spans longer than `maxWindows` and records what it wrote. */
  function fakeStore(maxWindows: number) {
    const spans: [number, number][] = [];
    const store: MetricsStore = {
      async query(text) {
        const [, from, to] = /time >= (\d+)ms AND time < (\d+)ms/.exec(text)!.map(Number);
        if ((to! - from!) / MINUTE > maxWindows) throw new MetricsUnavailableError('timeout');
        if (text.includes('FROM "host"')) spans.push([from!, to!]);
        const values = [];
        for (let t = from!; t < to!; t += MINUTE) values.push([t, 1]);
        return [{ name: 'host', tags: { device: 'd' }, columns: ['time', 'cpu_pct_mean'], values }];
      },
      async write() {},
      async ensureDatabase() {},
    };
    return { store, spans };
  }

  it('covers the range in spans, in order, shrinking a span InfluxDB does not answer in time', async () => {
    const { store, spans } = fakeStore(100);
    const progress: number[] = [];
    const toMs = 5000 * MINUTE;
    const rows = await computeWindows(
      store,
      minute,
      { fromMs: 0, toMs },
      { onProgress: async (doneMs) => void progress.push(doneMs) },
    );
    expect(spans[0]).toEqual([0, 60 * MINUTE]);
    expect(spans.every(([from], i) => i === 0 || spans[i - 1]![1] === from)).toBe(true);
    expect(spans.at(-1)![1]).toBe(toMs);
    expect(progress.at(-1)).toBe(toMs);
    expect(spans.every(([from, to]) => to - from <= 100 * MINUTE)).toBe(true);
    // Only its host rows fit a schema (the fake answers every measurement alike).
    expect(rows).toBe(5000);
  });

  it('gives up when even one window fails', async () => {
    const { store } = fakeStore(0);
    await expect(computeWindows(store, minute, { fromMs: 0, toMs: 10 * MINUTE })).rejects.toThrow(
      MetricsUnavailableError,
    );
  });
});
