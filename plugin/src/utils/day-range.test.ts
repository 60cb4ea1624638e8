import { describe, expect, it } from 'vitest';
import { dayRange } from './day-range';

describe('dayRange', () => {
  it('reaches half a day past the first and last dates', () => {
    const range = dayRange('2026-11-28', '2026-11-29');
    expect(range.from.valueOf()).toBe(Date.parse('2026-11-27T12:00:00Z'));
    expect(range.to.valueOf()).toBe(Date.parse('2026-11-29T12:00:00Z'));
  });
});
