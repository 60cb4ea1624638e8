import { describe, expect, it } from 'vitest';
import type { InfluxSeries, MetricsStore } from '../../influx/influx-client.js';
import { EnergyIntegrator } from './energy.js';
import { measureEnergy } from './profitability.queries.js';

describe('EnergyIntegrator', () => {
  it('integrates trapezoids, skips pauses over the limit and ignores repeats', () => {
    const energy = new EnergyIntegrator(30_000);
    energy.add('0', 0, 100);
    energy.add('0', 10_000, 300); // 2,000 W·s
    energy.add('0', 10_000, 999); // same instant again: ignored
    energy.add('0', 40_000, 300); // 30 s: still integrated, 9,000 W·s
    energy.add('0', 70_001, 300); // a pause just over 30 s: nothing
    energy.add('0', 80_001, 300); // 3,000 W·s
    expect(energy.totals()).toEqual({
      wattHours: 14_000 / 3600,
      coveredMs: 50_000,
      samples: 5,
      gpus: 1,
    });
  });

  it('counts time covered by several GPUs once', () => {
    const energy = new EnergyIntegrator(30_000);
    for (const t of [0, 10_000, 20_000]) energy.add('0', t, 100);
    for (const t of [10_000, 20_000, 30_000]) energy.add('1', t, 100);
    expect(energy.totals().coveredMs).toBe(30_000);
    expect(energy.totals().gpus).toBe(2);
  });
});

/** A fake InfluxDB: one GPU at 120 W every 10 s, honouring the time bounds of each query. */
function fakeMetrics(queries: string[]): MetricsStore {
  return {
    write: async () => undefined,
    ensureDatabase: async () => undefined,
    async query(influxql): Promise<InfluxSeries[]> {
      queries.push(influxql);
      const [from, to] = [...influxql.matchAll(/time [<>]=? (\d+)ms/g)].map((m) => Number(m[1]));
      const values: number[][] = [];
      for (let t = Math.ceil(from! / 10_000) * 10_000; t < to!; t += 10_000) values.push([t, 120]);
      return [{ name: 'gpu', tags: { gpu: '0' }, columns: ['time', 'power_w'], values }];
    },
  };
}

describe('measureEnergy', () => {
  it('reads in pages and loses nothing where they meet', async () => {
    const queries: string[] = [];
    const from = new Date(Date.UTC(2026, 0, 1));
    const to = new Date(from.getTime() + 2 * 86_400_000);
    const totals = await measureEnergy(fakeMetrics(queries), 'dev-1', { from, to }, 10);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toContain(`"device" = 'dev-1'`);
    expect(totals.samples).toBe(17_280);
    expect(totals.wattHours).toBeCloseTo((120 * 17_279 * 10) / 3600, 6);
  });
});
