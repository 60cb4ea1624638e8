import { describe, expect, it } from 'vitest';
import { counterGrowth } from './counter-growth.js';

const bucket = (max: number | null, last: number | null) => ({ max, last });

describe('counterGrowth', () => {
  it('is the last value minus the start while the counter only rises', () => {
    expect(counterGrowth(100, [bucket(250, 250), bucket(400, 400), bucket(500, 500)])).toBe(400);
  });

  it('counts across a driver restart inside a bucket: up to its peak, then from 0', () => {
    expect(counterGrowth(100, [bucket(300, 300), bucket(400, 50)])).toBe(200 + 100 + 50);
  });

  it('counts a restart while the node was away (no peak above the old value) from 0', () => {
    expect(counterGrowth(1000, [bucket(2000, 2000), bucket(30, 30)])).toBe(1000 + 30);
  });

  it('counts a restart in the first bucket from the start', () => {
    expect(counterGrowth(500, [bucket(700, 20)])).toBe(200 + 20);
  });

  it('counts the first bucket from its last value without a start', () => {
    expect(counterGrowth(null, [bucket(700, 700), bucket(900, 900)])).toBe(200);
  });

  it('skips buckets without the counter, and is undefined when none has it', () => {
    expect(counterGrowth(5, [bucket(5, 5), bucket(null, null), bucket(9, 9)])).toBe(4);
    expect(counterGrowth(null, [bucket(null, null)])).toBeUndefined();
    expect(counterGrowth(null, [])).toBeUndefined();
  });
});
