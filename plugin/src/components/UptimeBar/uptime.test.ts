import { describe, expect, it } from 'vitest';
import {
  describeDay,
  formatDay,
  formatRatio,
  summarizeUptime,
  uptimeLevel,
  type UptimeDay,
} from './uptime';

describe('uptimeLevel', () => {
  it.each([
    [null, 'none'],
    [1, 'up'],
    [0.99, 'up'],
    [0.9899, 'degraded'],
    [0.9, 'degraded'],
    [0.8999, 'down'],
    [0, 'down'],
  ] as const)('%s → %s', (ratio, level) => {
    expect(uptimeLevel(ratio)).toBe(level);
  });
});

describe('summarizeUptime', () => {
  const day = (date: string, uptimeRatio: number | null): UptimeDay => ({ date, uptimeRatio });

  it.each([
    { name: 'no days', days: [], expected: { ratio: null, trackedDays: 0, incidentDays: 0 } },
    {
      name: 'only days before the device existed',
      days: [day('2026-11-01', null), day('2026-11-02', null)],
      expected: { ratio: null, trackedDays: 0, incidentDays: 0 },
    },
    {
      name: 'null days are left out of the mean',
      days: [day('2026-11-01', null), day('2026-11-02', 1), day('2026-11-03', 0.5)],
      expected: { ratio: 0.75, trackedDays: 2, incidentDays: 1 },
    },
    {
      name: 'a day at the threshold is no incident',
      days: [day('2026-11-01', 0.99), day('2026-11-02', 0.95), day('2026-11-03', 0)],
      expected: { ratio: (0.99 + 0.95) / 3, trackedDays: 3, incidentDays: 2 },
    },
  ])('$name', ({ days, expected }) => {
    const summary = summarizeUptime(days);
    expect(summary.trackedDays).toBe(expected.trackedDays);
    expect(summary.incidentDays).toBe(expected.incidentDays);
    if (expected.ratio === null) expect(summary.ratio).toBeNull();
    else expect(summary.ratio).toBeCloseTo(expected.ratio, 10);
  });
});

describe('formatting', () => {
  it.each([
    [1, '100%'],
    [0.99825, '99.83%'],
    [0.5, '50%'],
    [0, '0%'],
    [null, 'no data'],
  ] as const)('formatRatio(%s) is %s', (ratio, text) => {
    expect(formatRatio(ratio)).toBe(text);
  });

  it('reads a calendar day without shifting it by the browser time zone', () => {
    expect(formatDay('2026-11-25')).toBe('Wed, 25 Nov 2026');
    expect(formatDay('2026-01-01')).toBe('Thu, 1 Jan 2026');
    expect(formatDay('not a date')).toBe('not a date');
  });

  it('describes a day with its ratio, or as before the device existed', () => {
    expect(describeDay({ date: '2026-11-25', uptimeRatio: 0.9712 })).toBe(
      'Wed, 25 Nov 2026: 97.12% uptime',
    );
    expect(describeDay({ date: '2026-11-24', uptimeRatio: null })).toBe(
      'Tue, 24 Nov 2026: no data (before the device was added)',
    );
  });
});
