import { describe, expect, it } from 'vitest';
import { wallTimeIn, zonedInstant } from './time-zone';

describe('zonedInstant', () => {
  it('reads a wall-clock time in the zone, across daylight saving time', () => {
    expect(zonedInstant('2026-01-15T09:30', 'America/New_York')?.toISOString()).toBe(
      '2026-01-15T14:30:00.000Z',
    );
    expect(zonedInstant('2026-07-15T09:30', 'America/New_York')?.toISOString()).toBe(
      '2026-07-15T13:30:00.000Z',
    );
    expect(zonedInstant('2026-01-01T00:00', 'Pacific/Auckland')?.toISOString()).toBe(
      '2025-12-31T11:00:00.000Z',
    );
  });

  it('is undefined for anything but YYYY-MM-DDTHH:MM', () => {
    expect(zonedInstant('', 'UTC')).toBeUndefined();
    expect(zonedInstant('2026-01-15', 'UTC')).toBeUndefined();
    expect(zonedInstant('2026-01-15 09:30', 'UTC')).toBeUndefined();
  });
});

describe('wallTimeIn', () => {
  it('is the time on the zone’s clock, as a datetime-local input takes it', () => {
    const instant = new Date('2026-11-25T23:30:00Z');
    expect(wallTimeIn(instant, 'UTC')).toBe('2026-11-25T23:30');
    expect(wallTimeIn(instant, 'Asia/Tokyo')).toBe('2026-11-26T08:30');
  });

  it('round-trips with zonedInstant', () => {
    const wall = wallTimeIn(Date.parse('2026-03-29T12:45:00Z'), 'Europe/Berlin');
    expect(zonedInstant(wall, 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T12:45:00.000Z');
  });
});
