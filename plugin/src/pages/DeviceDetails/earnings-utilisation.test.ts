import { describe, expect, it } from 'vitest';
import {
  dayFigures,
  dayFrame,
  hasFigures,
  summaryLine,
  utilisationByDay,
  utilisationQuery,
} from './earnings-utilisation';
import type { MetricSeries } from './types';

const gpu = (index: string, points: Array<[string, number]>): MetricSeries => ({
  name: 'utilization',
  unit: '%',
  gpu: index,
  points,
});

describe('utilisationQuery', () => {
  it('asks for hourly points over one day more than shown', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(utilisationQuery(7, now)).toEqual({
      from: '2026-11-22T12:00:00.000Z',
      to: '2026-11-30T12:00:00.000Z',
      step: '1h',
    });
  });
});

describe('utilisationByDay', () => {
  it('gathers every GPU’s hours by their date in the account’s time zone', () => {
    const series: MetricSeries[] = [
      gpu('0', [
        ['2026-11-28T22:00:00Z', 40],
        ['2026-11-28T23:00:00Z', 60],
      ]),
      gpu('1', [['2026-11-28T22:00:00Z', 80]]),
      { name: 'temperature', unit: '°C', gpu: '0', points: [['2026-11-28T22:00:00Z', 70]] },
    ];
    expect(utilisationByDay(series, 'UTC')).toEqual(
      new Map([['2026-11-28', { sum: 180, count: 3 }]]),
    );
    // 23:00 UTC is already the next day in Berlin (UTC+1 in November).
    expect(utilisationByDay(series, 'Europe/Berlin')).toEqual(
      new Map([
        ['2026-11-28', { sum: 120, count: 2 }],
        ['2026-11-29', { sum: 60, count: 1 }],
      ]),
    );
  });
});

describe('dayFigures and the summary', () => {
  const utilisation = new Map([
    ['2026-11-28', { sum: 120, count: 2 }],
    ['2026-11-29', { sum: 60, count: 4 }],
  ]);
  const earnings = [
    { date: '2026-11-27', lamports: '0' },
    { date: '2026-11-28', lamports: '1000000000' },
    { date: '2026-11-29', lamports: '230000000' },
  ];

  it('gives each earnings day its mean utilisation, null without samples', () => {
    expect(dayFigures(earnings, utilisation)).toEqual([
      { date: '2026-11-27', lamports: BigInt(0), utilisationPct: null },
      { date: '2026-11-28', lamports: BigInt(1_000_000_000), utilisationPct: 60 },
      { date: '2026-11-29', lamports: BigInt(230_000_000), utilisationPct: 15 },
    ]);
  });

  it('weighs every GPU-hour alike in the average', () => {
    // (120 + 60) / 6 hours = 30%, not the mean of the days' 60% and 15%.
    expect(summaryLine(dayFigures(earnings, utilisation), utilisation)).toBe(
      'Earned 1.23 SOL at 30% average utilisation',
    );
  });

  it('says when no utilisation was measured', () => {
    expect(summaryLine(dayFigures(earnings, new Map()), new Map())).toBe(
      'Earned 1.23 SOL; no utilisation measured in these days',
    );
  });

  it('has nothing to draw without earnings or samples', () => {
    const idle = [{ date: '2026-11-27', lamports: '0' }];
    expect(hasFigures(dayFigures(idle, new Map()))).toBe(false);
    expect(hasFigures(dayFigures(idle, utilisation))).toBe(false);
    expect(hasFigures(dayFigures(earnings, new Map()))).toBe(true);
  });
});

describe('dayFrame', () => {
  it('draws SOL bars on the left axis and utilisation on the right', () => {
    const frame = dayFrame([
      { date: '2026-11-28', lamports: BigInt(1_500_000_000), utilisationPct: 54 },
      { date: '2026-11-29', lamports: BigInt(0), utilisationPct: null },
    ]);
    const [time, earned, utilisation] = frame.fields;
    expect(time?.values).toEqual([
      Date.parse('2026-11-28T00:00:00Z'),
      Date.parse('2026-11-29T00:00:00Z'),
    ]);
    expect(earned?.values).toEqual([1.5, 0]);
    expect(earned?.config).toMatchObject({
      unit: 'SOL',
      custom: { drawStyle: 'bars', axisPlacement: 'left' },
    });
    expect(utilisation?.values).toEqual([54, null]);
    expect(utilisation?.config).toMatchObject({
      unit: 'percent',
      min: 0,
      max: 100,
      custom: { drawStyle: 'line', axisPlacement: 'right', spanNulls: false },
    });
  });
});
