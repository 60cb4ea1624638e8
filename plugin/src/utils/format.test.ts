import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBytes,
  formatPower,
  formatSol,
  formatSolRate,
  formatTemperature,
} from './format';

describe('formatSol', () => {
  it.each([
    ['1500000000', '1.5 SOL'],
    ['0', '0 SOL'],
    ['1', '0.000000001 SOL'],
    ['123456789012', '123.4567 SOL'],
    ['-2000000000', '−2 SOL'],
    [null, '—'],
  ])('%s lamports → %s', (lamports, expected) => {
    expect(formatSol(lamports)).toBe(expected);
  });
});

describe('formatSolRate', () => {
  it.each([
    ['428571', '0.000429 SOL'],
    ['1000000000', '1 SOL'],
    ['12345678901', '12.3 SOL'],
    ['0', '0 SOL'],
    [null, '—'],
  ])('%s lamports → %s', (lamports, expected) => {
    expect(formatSolRate(lamports)).toBe(expected);
  });
});

describe('units', () => {
  it('gives every number its unit and a dash when unknown', () => {
    expect(formatTemperature(71.6)).toBe('72 °C');
    expect(formatTemperature(undefined)).toBe('—');
    expect(formatPower(350)).toBe('350 W');
    expect(formatPower(12_500)).toBe('12.5 kW');
    expect(formatBytes(1_250_000, '/s')).toBe('1.3 MB/s');
    expect(formatAgo('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:02:30Z'))).toBe('2 min ago');
  });
});
