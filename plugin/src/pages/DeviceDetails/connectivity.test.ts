import { describe, expect, it } from 'vitest';
import { describeConnectivity, onlineSince } from './connectivity';

describe('connectivity', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const status = (kind: string, createdAt: string) => ({ kind, createdAt });

  it('takes "online since" from the newest status notification, if it says online', () => {
    const list = [
      status('job', '2026-11-25T11:59:00Z'),
      status('device.online', '2026-11-25T11:00:00Z'),
      status('device.offline', '2026-11-25T10:00:00Z'),
    ];
    expect(onlineSince('online', list)).toBe('2026-11-25T11:00:00Z');
    expect(onlineSince('offline', list)).toBeUndefined();
    expect(
      onlineSince('online', [status('device.offline', '2026-11-25T11:00:00Z')]),
    ).toBeUndefined();
    expect(onlineSince('online', undefined)).toBeUndefined();
  });

  it.each([
    {
      name: 'online with since and interval',
      device: { status: 'online', lastSeenAt: '2026-11-25T11:59:58Z' },
      options: { since: '2026-11-25T11:00:00Z', intervalS: 5, timeZone: 'UTC', now },
      expected: {
        value: 'Online',
        hint: 'since 25 Nov 2026, 11:00 · reports every 5 s',
        color: 'success',
      },
    },
    {
      name: 'online, nothing more known',
      device: { status: 'online', lastSeenAt: '2026-11-25T11:59:58Z' },
      options: { now },
      expected: { value: 'Online', hint: 'reporting', color: 'success' },
    },
    {
      name: 'offline since the last sample, in the account time zone',
      device: { status: 'offline', lastSeenAt: '2026-11-25T10:00:00Z' },
      options: { timeZone: 'Europe/Berlin', now },
      expected: { value: 'Offline', hint: 'since 25 Nov 2026, 11:00 (2 h ago)', color: 'error' },
    },
    {
      name: 'pending',
      device: { status: 'pending', lastSeenAt: null },
      options: { now },
      expected: {
        value: 'Pending',
        hint: 'no sample yet: is the collector installed?',
        color: 'warning',
      },
    },
  ] as const)('$name', ({ device, options, expected }) => {
    expect(describeConnectivity(device, options)).toEqual(expected);
  });
});
