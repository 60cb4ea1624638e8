import { describe, expect, it } from 'vitest';
import { quietUntil } from './quiet-hours.js';

const NIGHT = { start: '22:00', end: '07:00' };

describe('quietUntil', () => {
  it.each([
    ['before midnight', '2026-06-10T21:30:00Z', '2026-06-11T05:00:00Z'],
    ['after midnight', '2026-06-11T02:00:00Z', '2026-06-11T05:00:00Z'],
    ['the night summer time starts', '2026-03-28T23:30:00Z', '2026-03-29T05:00:00Z'],
    ['the night summer time ends', '2026-10-24T21:30:00Z', '2026-10-25T06:00:00Z'],
  ])('inside quiet hours in Berlin (%s): until 07:00 local', (_, now, until) => {
    expect(quietUntil(new Date(now), NIGHT, 'Europe/Berlin')?.toISOString()).toBe(
      new Date(until).toISOString(),
    );
  });

  it.each(['2026-06-11T05:00:00Z', '2026-06-11T12:00:00Z', '2026-06-11T19:59:00Z'])(
    'outside quiet hours at %s',
    (now) => {
      expect(quietUntil(new Date(now), NIGHT, 'Europe/Berlin')).toBeUndefined();
    },
  );

  it('quiet hours within one day, and none when start equals end or there are none', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietUntil(new Date('2026-06-11T12:15:00Z'), lunch, 'UTC')?.toISOString()).toBe(
      '2026-06-11T13:30:00.000Z',
    );
    expect(quietUntil(new Date('2026-06-11T13:30:00Z'), lunch, 'UTC')).toBeUndefined();
    expect(quietUntil(new Date(), { start: '08:00', end: '08:00' }, 'UTC')).toBeUndefined();
    expect(quietUntil(new Date(), null, 'UTC')).toBeUndefined();
  });
});
