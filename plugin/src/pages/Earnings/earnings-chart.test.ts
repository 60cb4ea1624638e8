import { describe, expect, it } from 'vitest';
import { dailyFrame, dayBars, deviceTotals, MAX_DEVICE_SERIES } from './earnings-chart';
import type { EarningsDay } from './types';

const day = (date: string, lamports: string, byDevice: Array<[string, string]>): EarningsDay => ({
  date,
  lamports,
  byDevice: byDevice.map(([deviceId, amount]) => ({ deviceId, lamports: amount })),
});

const names = new Map([
  ['a', 'rig-a'],
  ['b', 'rig-b'],
]);

describe('the daily earnings chart', () => {
  const days = [
    day('2026-12-03', '3000000000', [
      ['a', '2000000000'],
      ['b', '500000000'],
    ]),
    day('2026-12-04', '0', []),
    day('2026-12-05', '1500000000', [['b', '1500000000']]),
  ];

  it('totals each device over the days, most first, with its share', () => {
    expect(deviceTotals(days, names)).toEqual([
      { deviceId: 'a', name: 'rig-a', lamports: BigInt(2_000_000_000), share: 0.5 },
      { deviceId: 'b', name: 'rig-b', lamports: BigInt(2_000_000_000), share: 0.5 },
    ]);
    const gone = deviceTotals([day('2026-12-05', '7', [['x', '7']])], names);
    expect(gone[0]?.name).toBe('Deleted device');
  });

  it('has one bar a day, a series per device, and what no device earned apart', () => {
    const frame = dailyFrame(days, deviceTotals(days, names));
    const [time, ...series] = frame.fields;
    expect(time?.values).toEqual([
      Date.parse('2026-12-03T00:00:00Z'),
      Date.parse('2026-12-04T00:00:00Z'),
      Date.parse('2026-12-05T00:00:00Z'),
    ]);
    expect(series.map((field) => [field.name, field.values])).toEqual([
      ['rig-a', [2, 0, 0]],
      ['rig-b', [0.5, 0, 1.5]],
      ['Not by a device', [0.5, 0, 0]],
    ]);
  });

  it('names each bar by its date and the day’s whole stack, for tests', () => {
    expect(dayBars(days)).toBe('2026-12-03=3000000000 2026-12-04=0 2026-12-05=1500000000');
  });

  it(`draws the ${MAX_DEVICE_SERIES} devices that earned most, the rest as one`, () => {
    const many = Array.from({ length: MAX_DEVICE_SERIES + 3 }, (_, index) => [
      `d${index}`,
      String(1000 * (index + 1)),
    ]) as Array<[string, string]>;
    const total = many.reduce((sum, [, amount]) => sum + Number(amount), 0);
    const oneDay = [day('2026-12-05', String(total), many)];
    const frame = dailyFrame(oneDay, deviceTotals(oneDay, new Map()));
    expect(frame.fields).toHaveLength(1 + MAX_DEVICE_SERIES + 1);
    expect(frame.fields.at(-1)?.name).toBe('Other devices');
    expect(frame.fields.at(-1)?.values).toEqual([(1000 + 2000 + 3000) / 1e9]);
  });
});
