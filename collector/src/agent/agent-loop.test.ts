import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick, startAgentLoop } from './agent-loop.js';
import { defaultFlushMs } from './flush-interval.js';
import type { TelemetryPoint } from '../telemetry/points.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('agent loop', () => {
  it('schedules the next round multiple of the interval', () => {
    expect(nextTick(12_300, 1_000)).toBe(13_000);
    expect(nextTick(13_000, 1_000)).toBe(14_000);
    expect(nextTick(29_999, 10_000)).toBe(30_000);
  });

  it('samples at once, then once per interval on its boundary, skipping ticks a slow sample missed', async () => {
    vi.useFakeTimers({ now: 1_000_300 });
    const stamps: number[] = [];
    const sampler = {
      async sample(now: Date): Promise<TelemetryPoint[]> {
        stamps.push(now.getTime());
        // The third sample takes 1.5 intervals: the tick it overran is skipped.
        if (stamps.length === 3) vi.setSystemTime(now.getTime() + 1_500);
        return [];
      },
    };
    const loop = startAgentLoop({
      sampler,
      log: { append: async () => undefined },
      shipper: { wake: () => undefined },
      intervalMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(4_800);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopped;
    expect(stamps.slice(0, 5)).toEqual([1_000_300, 1_001_000, 1_002_000, 1_004_000, 1_005_000]);
  });

  it('wakes the shipper after the first sample, then on or past every flush boundary', async () => {
    vi.useFakeTimers({ now: 1_000_300 });
    const sampled: number[] = [];
    const woken: number[] = [];
    const sampler = {
      async sample(now: Date): Promise<TelemetryPoint[]> {
        sampled.push(now.getTime());
        // The sample at 1_006_000 overruns the flush boundary at 1_008_000.
        if (now.getTime() === 1_006_000) vi.setSystemTime(now.getTime() + 2_500);
        return [];
      },
    };
    const loop = startAgentLoop({
      sampler,
      log: { append: async () => undefined },
      shipper: { wake: () => woken.push(sampled.at(-1)!) },
      intervalMs: 1_000,
      flushEveryMs: 2_000,
    });
    await vi.advanceTimersByTimeAsync(11_000);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopped;
    expect(woken.slice(0, 6)).toEqual([
      1_000_300, 1_002_000, 1_004_000, 1_006_000, 1_009_000, 1_010_000,
    ]);
  });

  it('sends as many samples at once as keeps a device online: at most 2 intervals, 10 s', () => {
    expect(defaultFlushMs(1_000)).toBe(2_000);
    expect(defaultFlushMs(3_000)).toBe(6_000);
    expect(defaultFlushMs(5_000)).toBe(10_000);
    expect(defaultFlushMs(10_000)).toBe(10_000);
    expect(defaultFlushMs(60_000)).toBe(60_000);
  });
});
