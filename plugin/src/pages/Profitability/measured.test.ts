import { describe, expect, it } from 'vitest';
import { formatKwh } from '../../utils/format';
import { basisLine, dataState, toneOf } from './measured';
import type { MeasuredBasis } from './types';

const basis = (over: Partial<MeasuredBasis> = {}): MeasuredBasis => ({
  from: '2026-11-18T12:00:00.000Z',
  to: '2026-11-25T12:00:00.000Z',
  days: 7,
  intervalS: 10,
  hoursCovered: 150,
  kwh: 90,
  counterKwh: null,
  busyHours: 120,
  samples: 100_000,
  gpus: 2,
  electricityPrice: '0.15',
  solPrice: null,
  revenueLamports: '5000000000',
  notes: [],
  ...over,
});

describe('dataState', () => {
  it('has no data without samples or earnings', () => {
    expect(dataState(basis({ samples: 0, hoursCovered: 0, kwh: 0, revenueLamports: '0' }))).toBe(
      'none',
    );
  });

  it('is partial below half the window and full above', () => {
    expect(dataState(basis({ hoursCovered: 10 }))).toBe('partial');
    expect(dataState(basis({ samples: 0, hoursCovered: 0 }))).toBe('partial');
    expect(dataState(basis())).toBe('full');
  });
});

describe('basisLine', () => {
  it('names the window, the coverage, the mean power and the GPUs', () => {
    expect(basisLine(basis())).toBe('7-day window · 150 h of 168 h measured · avg 600 W · 2 GPUs');
    expect(basisLine(basis({ hoursCovered: 0, kwh: 0, gpus: 1 }))).toBe(
      '7-day window · 0 h of 168 h measured · 1 GPU',
    );
  });
});

describe('toneOf and formatKwh', () => {
  it('reads the sign of a decimal string', () => {
    expect(toneOf('1.20')).toBe('gain');
    expect(toneOf('-0.000494')).toBe('loss');
    expect(toneOf('0.00')).toBe('even');
    expect(toneOf(null)).toBeUndefined();
  });

  it('keeps small energies readable', () => {
    expect(formatKwh(0.003292)).toBe('0.00329 kWh');
    expect(formatKwh(18)).toBe('18 kWh');
    expect(formatKwh(18.456)).toBe('18.46 kWh');
    expect(formatKwh(0)).toBe('0 kWh');
  });
});
