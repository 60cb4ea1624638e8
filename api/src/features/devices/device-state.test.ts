import { describe, expect, it } from 'vitest';
import { deviceState, INACTIVE_AFTER_MS, stateChangesAt, type StateRow } from './device-state.js';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms);

function row(overrides: Partial<StateRow> = {}): StateRow {
  return {
    last_seen_at: ago(1000),
    interval_s: 10,
    paused_at: null,
    muted_until: null,
    busy: false,
    ...overrides,
  };
}

describe('a device state', () => {
  it('follows paused > maintenance > busy > idle', () => {
    const muted = new Date(NOW + 60_000);
    expect(deviceState(row({ busy: true }), NOW)).toBe('busy');
    expect(deviceState(row(), NOW)).toBe('idle');
    expect(deviceState(row({ busy: true, muted_until: muted }), NOW)).toBe('maintenance');
    expect(deviceState(row({ muted_until: muted, paused_at: ago(5) }), NOW)).toBe('paused');
    expect(deviceState(row({ muted_until: ago(1) }), NOW)).toBe('idle');
  });

  it('is none while pending or offline under 5 days, then inactive', () => {
    expect(deviceState(row({ last_seen_at: null }), NOW)).toBeNull();
    expect(deviceState(row({ last_seen_at: ago(60_000) }), NOW)).toBeNull();
    expect(deviceState(row({ last_seen_at: ago(INACTIVE_AFTER_MS + 1) }), NOW)).toBe('inactive');
    expect(
      deviceState(row({ last_seen_at: ago(INACTIVE_AFTER_MS + 1), paused_at: ago(1) }), NOW),
    ).toBe('paused');
  });

  it('says when the clock alone changes it next', () => {
    expect(stateChangesAt(row(), NOW)).toBe(NOW - 1000 + 30_000);
    const until = new Date(NOW + 5000);
    expect(stateChangesAt(row({ muted_until: until }), NOW)).toBe(NOW + 5000);
    const offline = ago(60_000);
    expect(stateChangesAt(row({ last_seen_at: offline }), NOW)).toBe(
      offline.getTime() + INACTIVE_AFTER_MS,
    );
    expect(stateChangesAt(row({ last_seen_at: ago(INACTIVE_AFTER_MS + 1) }), NOW)).toBe(Infinity);
  });
});
