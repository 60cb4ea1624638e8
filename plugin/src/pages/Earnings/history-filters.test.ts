import { describe, expect, it } from 'vitest';
import {
  filtersProblem,
  historyQuery,
  NO_FILTERS,
  todayIn,
  zonedMidnight,
} from './history-filters';

describe('historyQuery', () => {
  it('sends nothing without filters', () => {
    expect(historyQuery(NO_FILTERS, 'UTC')).toEqual({});
  });

  it('turns a day range into [from midnight, the midnight after to) in the account zone', () => {
    const query = historyQuery(
      { deviceId: 'd1', fromDate: '2026-07-01', toDate: '2026-07-31' },
      'Europe/Berlin',
    );
    expect(query).toEqual({
      deviceId: 'd1',
      from: '2026-06-30T22:00:00.000Z',
      to: '2026-07-31T22:00:00.000Z',
    });
  });

  it('ends a range at the last of the month and year', () => {
    expect(historyQuery({ ...NO_FILTERS, toDate: '2026-12-31' }, 'UTC')).toEqual({
      to: '2027-01-01T00:00:00.000Z',
    });
  });
});

describe('zonedMidnight', () => {
  it('follows daylight saving time', () => {
    // New York: EST (−5) in winter, EDT (−4) from 8 March 2026.
    expect(zonedMidnight('2026-01-15', 'America/New_York').toISOString()).toBe(
      '2026-01-15T05:00:00.000Z',
    );
    expect(zonedMidnight('2026-03-09', 'America/New_York').toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
  });

  it('handles zones ahead of UTC across the date line', () => {
    expect(zonedMidnight('2026-01-01', 'Pacific/Auckland').toISOString()).toBe(
      '2025-12-31T11:00:00.000Z',
    );
  });
});

describe('todayIn', () => {
  it('is the date in the zone, not in UTC', () => {
    const now = new Date('2026-11-25T23:30:00Z');
    expect(todayIn('UTC', now)).toBe('2026-11-25');
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-11-26');
  });
});

describe('filtersProblem', () => {
  it('accepts an open or ordered range and refuses a reversed one', () => {
    expect(filtersProblem({ ...NO_FILTERS, fromDate: '2026-01-02' })).toBeUndefined();
    expect(
      filtersProblem({ ...NO_FILTERS, fromDate: '2026-01-02', toDate: '2026-01-02' }),
    ).toBeUndefined();
    expect(filtersProblem({ ...NO_FILTERS, fromDate: '2026-01-03', toDate: '2026-01-02' })).toBe(
      'From must be on or before To.',
    );
  });
});
