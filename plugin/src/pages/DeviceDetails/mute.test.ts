import { describe, expect, it } from 'vitest';
import { muteEnd } from './mute';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('muteEnd', () => {
  it('counts a preset from now', () => {
    expect(muteEnd('1h', '', 'UTC', NOW)).toEqual({ until: '2026-11-25T13:00:00.000Z' });
    expect(muteEnd('7d', '', 'UTC', NOW)).toEqual({ until: '2026-12-02T12:00:00.000Z' });
  });

  it('reads a custom end on the account’s clock', () => {
    expect(muteEnd('custom', '2026-11-25T18:30', 'Europe/Berlin', NOW)).toEqual({
      until: '2026-11-25T17:30:00.000Z',
    });
  });

  it('refuses a custom end that is missing, past or more than a year ahead', () => {
    expect(muteEnd('custom', '', 'UTC', NOW)).toEqual({ problem: 'Enter a date and a time.' });
    expect(muteEnd('custom', '2026-11-25T11:59', 'UTC', NOW)).toEqual({
      problem: 'Choose a time in the future.',
    });
    expect(muteEnd('custom', '2027-12-01T00:00', 'UTC', NOW)).toEqual({
      problem: 'Choose a time within a year.',
    });
  });
});
