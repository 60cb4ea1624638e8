import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LatestSample } from '../../db/database.js';
import {
  inventoryOf,
  joinFragments,
  mergeLatest,
  sampleFragment,
  type TimedPoint,
} from './latest-sample.js';
import type { StoredValue } from './point-mapping.js';

const T0 = Date.parse('2026-12-05T12:00:00Z');

function float(value: number): StoredValue {
  return { type: 'float', value };
}

function gpuPoint(gpu: number, timeMs: number, watts: number): TimedPoint {
  return {
    measurement: 'gpu',
    tags: new Map([
      ['gpu', String(gpu)],
      ['model', 'NVIDIA H200'],
    ]),
    fields: new Map([
      ['power_w', float(watts)],
      ['temperature_c', float(40 + gpu)],
      ['memory_total_mib', float(143_771)],
      ['throttled', { type: 'int', value: 0n }],
    ]),
    line: 1,
    timeMs,
  };
}

function hostPoint(timeMs: number, rxBytes: number): TimedPoint {
  return {
    measurement: 'host',
    tags: new Map(),
    fields: new Map([
      ['rx_bytes', { type: 'int', value: BigInt(rxBytes) }],
      ['cpu_pct', float(12.5)],
      ['agent_version', { type: 'string', value: '0.4.1' }],
    ]),
    line: 1,
    timeMs,
  };
}

function servicePoint(name: string, timeMs: number, up: boolean): TimedPoint {
  return {
    measurement: 'service',
    tags: new Map([['name', name]]),
    fields: new Map([['up', { type: 'int', value: up ? 1n : 0n }]]),
    line: 1,
    timeMs,
  };
}

/** Points of a few GPUs, host readings and services at a few times, so that times tie. */
const anyPoint = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 4 }), fc.nat(700))
    .map(([gpu, step, watts]) => gpuPoint(gpu, T0 + step * 10_000, watts)),
  fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.nat(1_000_000))
    .map(([step, rx]) => hostPoint(T0 + step * 10_000, rx)),
  fc
    .tuple(fc.constantFrom('docker', 'ollama', 'ssh'), fc.integer({ min: 0, max: 4 }), fc.boolean())
    .map(([name, step, up]) => servicePoint(name, T0 + step * 10_000, up)),
);

const STORED: LatestSample = {
  at: new Date(T0 + 20_000).toISOString(),
  gpus: [{ index: 0, powerW: 1 }],
  host: { at: new Date(T0 + 20_000).toISOString(), rxBytes: 500 },
  services: [{ name: 'docker', up: false, checkedAt: new Date(T0 + 20_000).toISOString() }],
};

describe('sample fragments', () => {
  it('merge as the writes they came from would merge as one batch', () => {
    fc.assert(
      fc.property(
        fc.array(anyPoint, { maxLength: 12 }),
        fc.array(anyPoint, { maxLength: 12 }),
        fc.constantFrom(null, STORED),
        (first, second, stored) => {
          const joined = joinFragments(sampleFragment(first), sampleFragment(second));
          const whole = sampleFragment([...first, ...second]);
          expect(mergeLatest(stored, joined)).toEqual(mergeLatest(stored, whole));
          expect(inventoryOf(joined, [])).toEqual(inventoryOf(whole, []));
        },
      ),
    );
  });

  it('keep the transfer rate across writes, and a backlog never overwrites newer readings', () => {
    const first = sampleFragment([hostPoint(T0, 1_000), gpuPoint(0, T0, 300)]);
    const second = sampleFragment([hostPoint(T0 + 10_000, 6_000), gpuPoint(0, T0 + 10_000, 310)]);
    const latest = mergeLatest(mergeLatest(null, first), second);
    expect(latest?.host?.rxBytesPerSec).toBe(500);
    expect(latest?.gpus).toEqual([expect.objectContaining({ index: 0, powerW: 310 })]);

    const backlog = sampleFragment([gpuPoint(0, T0 - 60_000, 999)]);
    expect(mergeLatest(latest, backlog)).toEqual(latest);
  });

  it('leave the stored sample as it is when a write has no GPU, host or service reading', () => {
    expect(mergeLatest(STORED, sampleFragment([]))).toBe(STORED);
    expect(mergeLatest(null, sampleFragment([]))).toBeNull();
  });

  it('keep an unchanged inventory as the same object', () => {
    const fragment = sampleFragment([gpuPoint(0, T0, 300), gpuPoint(1, T0, 300)]);
    const inventory = inventoryOf(fragment, []);
    expect(inventory.map((gpu) => gpu.index)).toEqual([0, 1]);
    expect(inventoryOf(fragment, inventory)).toBe(inventory);
    expect(inventoryOf(sampleFragment([gpuPoint(0, T0, 300)]), inventory)).toEqual([inventory[0]]);
  });
});
