import { describe, expect, it } from 'vitest';
import { parseStep, rangeKey, refreshIntervalMs, resolveRange, windowEnd } from './time-range';

describe('time range', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('resolves a relative range against now and a fixed one as it is', () => {
    expect(resolveRange({ kind: 'relative', seconds: 3600 }, now)).toEqual({
      from: now - 3_600_000,
      to: now,
    });
    expect(resolveRange({ kind: 'absolute', from: 1, to: 2 }, now)).toEqual({ from: 1, to: 2 });
  });

  it('reloads short relative ranges often, long ones rarely, fixed ones never', () => {
    expect(refreshIntervalMs({ kind: 'relative', seconds: 900 })).toBe(10_000);
    expect(refreshIntervalMs({ kind: 'relative', seconds: 6 * 3600 })).toBe(10_000);
    expect(refreshIntervalMs({ kind: 'relative', seconds: 7 * 86400 })).toBe(60_000);
    expect(refreshIntervalMs({ kind: 'absolute', from: 1, to: 2 })).toBeUndefined();
  });

  it('keys a relative range by its length only, so the key does not change as time passes', () => {
    expect(rangeKey({ kind: 'relative', seconds: 900 })).toBe(
      rangeKey({ kind: 'relative', seconds: 900 }),
    );
    expect(rangeKey({ kind: 'relative', seconds: 900 })).not.toBe(
      rangeKey({ kind: 'relative', seconds: 3600 }),
    );
    expect(rangeKey({ kind: 'absolute', from: 1, to: 2 })).not.toBe(
      rangeKey({ kind: 'absolute', from: 1, to: 3 }),
    );
  });

  it.each([
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['10', undefined],
    ['', undefined],
  ])('parseStep(%j) is %s', (step, ms) => {
    expect(parseStep(step)).toBe(ms);
  });

  it('ends the window at the load time, or at a newer live point', () => {
    const to = '2026-11-25T12:00:00.000Z';
    expect(windowEnd({ to, series: [] })).toBe(now);
    expect(
      windowEnd({
        to,
        series: [
          { points: [['2026-11-25T11:59:50.000Z', 1]] },
          { points: [['2026-11-25T12:00:05.000Z', 1]] },
          { points: [] },
        ],
      }),
    ).toBe(now + 5000);
  });
});
