import { describe, expect, it } from 'vitest';
import { nextRun } from './payout-schedule.js';

describe('PAYOUT_SCHEDULE', () => {
  const now = new Date('2026-11-25T10:34:12Z');

  it('is off by default', () => {
    expect(nextRun('off', now)).toBeUndefined();
  });

  it('runs at the top of every hour', () => {
    expect(nextRun('hourly', now)?.toISOString()).toBe('2026-11-25T11:00:00.000Z');
  });

  it('runs daily at HH:MM UTC, today if still ahead, else tomorrow', () => {
    expect(nextRun('daily@18:30', now)?.toISOString()).toBe('2026-11-25T18:30:00.000Z');
    expect(nextRun('daily@09:00', now)?.toISOString()).toBe('2026-11-26T09:00:00.000Z');
    expect(nextRun('daily@10:34', new Date('2026-11-25T10:34:00Z'))?.toISOString()).toBe(
      '2026-11-26T10:34:00.000Z',
    );
  });
});
