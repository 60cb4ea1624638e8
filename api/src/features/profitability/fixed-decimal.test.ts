import { describe, expect, it } from 'vitest';
import {
  add,
  divide,
  divideRounded,
  fixed,
  formatFiat,
  multiply,
  parseFixed,
  subtract,
  toNumber,
} from './fixed-decimal.js';

describe('fixed-decimal', () => {
  it('rounds halves away from zero, both signs', () => {
    expect(divideRounded(5n, 2n)).toBe(3n);
    expect(divideRounded(-5n, 2n)).toBe(-3n);
    expect(divideRounded(5n, -2n)).toBe(-3n);
    expect(divideRounded(7n, 3n)).toBe(2n);
    expect(divideRounded(-7n, 3n)).toBe(-2n);
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
  });

  it('keeps sums and products exact and rounds only when shown', () => {
    const sum = add(parseFixed('0.1'), parseFixed('0.2'));
    expect(formatFiat(sum)).toBe('0.30');
    expect(formatFiat(multiply(parseFixed('2.5'), parseFixed('0.123457')))).toBe('0.308643');
    expect(formatFiat(subtract(parseFixed('0.27'), parseFixed('1')))).toBe('-0.73');
    expect(formatFiat(divide(parseFixed('10'), fixed(3n), 6))).toBe('3.333333');
    expect(formatFiat(divide(parseFixed('-0.0000005'), fixed(1n), 6))).toBe('-0.000001');
    expect(formatFiat(parseFixed('-0.0000004'))).toBe('0.00');
    expect(formatFiat(fixed(1234n))).toBe('1234.00');
  });

  it('reads only plain decimals', () => {
    expect(parseFixed('0.150000')).toEqual({ units: 150000n, scale: 6 });
    expect(parseFixed('-3')).toEqual({ units: -3n, scale: 0 });
    for (const bad of ['1e-7', '', '.5', '1.', 'NaN']) expect(() => parseFixed(bad)).toThrow();
  });

  it('turns quantities into numbers at a given precision', () => {
    expect(toNumber(fixed(1289695833n, 9), 6)).toBe(1.289696);
    expect(toNumber(fixed(0n), 6)).toBe(0);
  });
});
