import { describe, expect, it } from 'vitest';
import { encodeLines } from '../../telemetry/encode-lines.js';
import type { GpuReading } from '../../telemetry/points.js';
import {
  approach,
  powerFor,
  RTX_4090,
  stepThermal,
  THROTTLE_AT_C,
  THROTTLE_RELEASE_C,
  type Cooling,
} from './gpu-model.js';
import { createSimulatedGpus, createSimulatedSource } from './simulated-source.js';

const START = Date.parse('2026-03-01T00:00:00Z');

/** Readings every `stepS` seconds for `hours`. */
function simulate(options: { gpus: number; seed: number }, hours: number, stepS = 10) {
  const read = createSimulatedGpus(options).read;
  const series: GpuReading[][] = [];
  for (let t = 0; t <= hours * 3600; t += stepS) series.push(read(new Date(START + t * 1000)));
  return series;
}

describe('simulated source', () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const lines = async (seed: number) => {
      const source = createSimulatedSource({ gpus: 3, seed });
      const out: string[] = [];
      for (let t = 0; t < 600; t += 10) {
        out.push(...encodeLines(await source.gather(new Date(START + t * 1000))));
      }
      return out;
    };
    expect(await lines(42)).toEqual(await lines(42));
    expect(await lines(42)).not.toEqual(await lines(43));
  });

  it('gives a GPU the same behaviour whatever the GPU count', () => {
    const two = simulate({ gpus: 2, seed: 5 }, 0.5).map((sample) => sample[0]);
    const four = simulate({ gpus: 4, seed: 5 }, 0.5).map((sample) => sample[0]);
    expect(four).toEqual(two);
  });

  it('reports a realistic card: RTX 4090, 24564 MiB, 450 W limit, flags as 0/1 ints', async () => {
    const source = createSimulatedSource({ gpus: 2, seed: 1 });
    expect(await source.listGpus(new Date(START))).toEqual([
      expect.objectContaining({
        index: 0,
        model: 'NVIDIA GeForce RTX 4090',
        memoryTotalMiB: 24564,
      }),
      expect.objectContaining({
        index: 1,
        model: 'NVIDIA GeForce RTX 4090',
        memoryTotalMiB: 24564,
      }),
    ]);
    const [line] = encodeLines(await source.gather(new Date(START)));
    expect(line).toMatch(/^gpu,gpu=0,model=NVIDIA\\ GeForce\\ RTX\\ 4090,uuid=GPU-[0-9a-f-]{36} /);
    expect(line).toMatch(/throttled=[01]i/);
    expect(line).toMatch(/power_limit_w=450,/);
  });

  it('never draws more than the power limit and keeps every value in range', () => {
    const readings = simulate({ gpus: 8, seed: 3 }, 6).flat();
    const range = (pick: (r: GpuReading) => number | undefined) => {
      const values = readings.map((r) => pick(r) ?? Number.NaN);
      return [Math.min(...values), Math.max(...values)];
    };
    const [minPower, maxPower] = range((r) => r.floats.power_w);
    expect(maxPower).toBeLessThanOrEqual(RTX_4090.powerLimitW);
    expect(maxPower).toBeGreaterThan(RTX_4090.powerLimitW * 0.9);
    expect(minPower).toBeGreaterThan(0);
    expect(range((r) => r.floats.utilization_pct)).toEqual([
      expect.toSatisfy((v: number) => v >= 0),
      expect.toSatisfy((v: number) => v <= 100),
    ]);
    expect(range((r) => r.floats.memory_used_mib)[1]).toBeLessThanOrEqual(RTX_4090.memoryTotalMiB);
    const [minFan, maxFan] = range((r) => r.floats.fan_pct);
    expect(minFan).toBeGreaterThanOrEqual(30);
    expect(maxFan).toBeLessThanOrEqual(100);
  });

  it('alternates busy and idle phases', () => {
    const utilization = simulate({ gpus: 1, seed: 9 }, 2).map((s) => s[0]!.floats.utilization_pct!);
    expect(utilization.some((u) => u >= 85)).toBe(true);
    expect(utilization.some((u) => u <= 5)).toBe(true);
  });

  it('lets temperature lag behind load and throttles only above the threshold', () => {
    const series = simulate({ gpus: 8, seed: 11 }, 4).flat();
    let throttledSamples = 0;
    for (const { floats, ints } of series) {
      const temperature = floats.temperature_c!;
      if (temperature >= THROTTLE_AT_C + 0.05) expect(ints.throttled).toBe(1);
      if (temperature <= THROTTLE_RELEASE_C - 0.05) expect(ints.throttled).toBe(0);
      if (ints.throttled === 1) throttledSamples += 1;
    }
    expect(throttledSamples).toBeGreaterThan(0);
    // Throttled samples of a busy GPU run slower clocks than unthrottled busy ones.
    const busy = series.filter((r) => r.floats.utilization_pct! >= 85);
    const clock = (throttled: number) => {
      const clocks = busy
        .filter((r) => r.ints.throttled === throttled)
        .map((r) => r.floats.sm_clock_mhz!);
      return clocks.reduce((a, b) => a + b, 0) / clocks.length;
    };
    expect(clock(1)).toBeLessThan(clock(0) * 0.9);
  });

  it('heats up gradually after load starts (no jump to the steady temperature)', () => {
    const steps = simulate({ gpus: 1, seed: 2 }, 3, 5).map((s) => s[0]!);
    const onset = steps.findIndex(
      (r, i) =>
        i > 0 && r.floats.utilization_pct! >= 85 && steps[i - 1]!.floats.utilization_pct! <= 5,
    );
    expect(onset).toBeGreaterThan(0);
    const before = steps[onset - 1]!.floats.temperature_c!;
    const first = steps[onset]!.floats.temperature_c!;
    const later = steps[onset + 12]!.floats.temperature_c!; // one minute on
    expect(first - before).toBeGreaterThan(0);
    expect(first - before).toBeLessThan((later - before) / 2);
    expect(later).toBeGreaterThan(first);
  });
});

describe('thermal model', () => {
  const cooling: Cooling = { ambientC: 30, kelvinPerWatt: 0.13, tauS: 60 };

  it('follows dT/dt = (target − T)/τ: 63 % of the way after one time constant', () => {
    expect(approach(30, 90, 60, 60)).toBeCloseTo(90 - 60 * Math.exp(-1), 6);
    expect(approach(30, 90, 0, 60)).toBe(30);
    expect(approach(30, 90, 3600, 60)).toBeCloseTo(90, 6);
  });

  it('does not depend on how the time is split into steps', () => {
    let split = { temperatureC: 35, throttled: false };
    for (let i = 0; i < 10; i += 1) split = stepThermal(split, 300, 3, cooling);
    const whole = stepThermal({ temperatureC: 35, throttled: false }, 300, 30, cooling);
    expect(split.temperatureC).toBeCloseTo(whole.temperatureC, 9);
  });

  it('caps power at the limit, and lower while throttled', () => {
    expect(powerFor(RTX_4090, 100, 1.2, false)).toBe(450);
    expect(powerFor(RTX_4090, 100, 1, true)).toBeCloseTo(337.5);
    expect(powerFor(RTX_4090, 0, 1, false)).toBe(RTX_4090.idlePowerW);
  });

  it('throttles at the threshold and recovers below the release point', () => {
    let state = { temperatureC: 83.9, throttled: false };
    state = stepThermal(state, 450, 10, cooling);
    expect(state.throttled).toBe(state.temperatureC >= THROTTLE_AT_C);
    state = { temperatureC: 82, throttled: true };
    expect(stepThermal(state, 337.5, 1, cooling).throttled).toBe(true);
    expect(stepThermal(state, 22, 600, cooling).throttled).toBe(false);
  });
});
