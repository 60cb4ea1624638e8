import { describe, expect, it } from 'vitest';
import { EnergyIntegrator } from '../profitability/energy.js';
import { integrateSamples, MAX_GPU_WATTS, type EnergySample } from './energy-hours.js';

const HOUR_MS = 3_600_000;
const GAP_MS = 30_000;
const start = Date.UTC(2026, 10, 25, 10, 57, 30);

/** Two GPUs every 10 s for two hours, with a 10-minute outage and an odd sample late. */
function profile(): EnergySample[] {
  const samples: EnergySample[] = [];
  for (let i = 0; i < 720; i += 1) {
    if (i >= 300 && i < 360) continue;
    const timeMs = start + i * 10_000 + (i === 500 ? 3_000 : 0);
    samples.push({ gpu: '0', timeMs, watts: 200 + (i % 7) * 10, utilizationPct: i < 100 ? 0 : 90 });
    samples.push({ gpu: '1', timeMs, watts: 250 + i / 2, utilizationPct: 5 });
  }
  return samples;
}

function sum(
  hours: ReturnType<typeof integrateSamples>['hours'],
  field: 'energyWh' | 'counterWh' | 'coveredS' | 'busyS' | 'samples',
) {
  return [...hours.values()].reduce((total, hour) => total + hour[field], 0);
}

describe('integrateSamples', () => {
  it('agrees with EnergyIntegrator over the same samples, split exactly at the hours', () => {
    const samples = profile();
    const reference = new EnergyIntegrator(GAP_MS);
    for (const sample of samples) reference.add(sample.gpu, sample.timeMs, sample.watts!);
    const { hours } = integrateSamples({}, samples, GAP_MS);
    expect(sum(hours, 'energyWh')).toBeCloseTo(reference.totals().wattHours, 9);
    expect(sum(hours, 'coveredS') * 1000).toBeCloseTo(reference.totals().coveredMs, 6);
    expect(sum(hours, 'samples')).toBe(reference.totals().samples);
    expect([...hours.keys()].every((hour) => hour % HOUR_MS === 0)).toBe(true);
    for (const hour of hours.values()) expect(hour.coveredS).toBeLessThanOrEqual(3600);
    // Busy: GPU 0 from its 101st sample on; GPU 1 never reaches 10 %.
    expect(sum(hours, 'busyS')).toBeGreaterThan(0);
    expect(sum(hours, 'busyS')).toBeLessThan(sum(hours, 'coveredS'));
  });

  it('gives the same hours fed in pieces through its cursor as in one pass', () => {
    const samples = profile();
    const whole = integrateSamples({}, samples, GAP_MS);
    let cursor = {};
    const totals = new Map<number, number>();
    for (let at = 0; at < samples.length; at += 37) {
      const piece = integrateSamples(cursor, samples.slice(at, at + 37), GAP_MS);
      cursor = piece.cursor;
      for (const [hour, hourTotals] of piece.hours) {
        totals.set(hour, (totals.get(hour) ?? 0) + hourTotals.energyWh);
      }
    }
    for (const [hour, hourTotals] of whole.hours) {
      expect(totals.get(hour)).toBeCloseTo(hourTotals.energyWh, 9);
    }
  });

  it('ignores a retried sample and marks an older one for a recompute', () => {
    const first = integrateSamples({}, profile().slice(0, 20), GAP_MS);
    const again = integrateSamples(first.cursor, profile().slice(10, 20), GAP_MS);
    expect(sum(again.hours, 'energyWh')).toBe(0);
    expect(again.staleFromMs).toBe(profile()[10]!.timeMs);
    const retried = integrateSamples(first.cursor, profile().slice(18, 20), GAP_MS);
    expect(retried.staleFromMs).toBeUndefined();
  });

  it('counts no reading beyond what a GPU can draw, so one absurd value cannot overflow an hour', () => {
    const sample = (timeMs: number, watts: number, energyMj: number): EnergySample => ({
      gpu: '0',
      timeMs,
      watts,
      energyMj,
    });
    const { hours } = integrateSamples(
      {},
      [
        sample(start, 300, 0),
        sample(start + 10_000, 1e308, 1e15),
        sample(start + 20_000, 300, 1e15 + 1),
        sample(start + 30_000, MAX_GPU_WATTS + 1, 1e15 + 1 + 3_000_000),
      ],
      GAP_MS,
    );
    // 300 W bridged over the absurd sample for 20 s; of the counter, only its plausible steps count.
    expect(sum(hours, 'energyWh')).toBeCloseTo((300 * 20) / 3600, 9);
    expect(sum(hours, 'counterWh')).toBeCloseTo(3_000_001 / 3_600_000, 9);
  });

  it('keeps the energy counter beside the power integral, across a driver reload', () => {
    const counter = (timeMs: number, energyMj: number): EnergySample => ({
      gpu: '0',
      timeMs,
      energyMj,
    });
    const { hours } = integrateSamples(
      {},
      [
        counter(start, 1_000_000),
        counter(start + 60_000, 1_000_000 + 3_600_000 * 5), // 5 Wh over a minute
        counter(start + 120_000, 500), // the driver reloaded: nothing
        counter(start + 180_000, 500 + 3_600_000), // 1 Wh
      ],
      GAP_MS,
    );
    const counterWh = [...hours.values()].reduce((total, hour) => total + hour.counterWh, 0);
    expect(counterWh).toBeCloseTo(6, 9);
    // The last minute, 10:59:30–11:00:30, is split half and half over its two hours.
    expect(hours.get(Date.UTC(2026, 10, 25, 10))?.counterWh).toBeCloseTo(5.5, 9);
    expect(hours.get(Date.UTC(2026, 10, 25, 11))?.counterWh).toBeCloseTo(0.5, 9);
    expect(sum(hours, 'energyWh')).toBe(0);
  });
});
