import type { Device, Me, Notification } from '../src/api/client';

/** API answers the tests build on, typed by the API's own routes. */

/** The signed-in account, with the settings a test needs. */
export function account(settings: Partial<Me['settings']> = {}): Me {
  return {
    id: 'account-1',
    email: 'ada@example.com',
    emailVerified: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    settings: {
      electricityPrice: '0.15',
      currency: 'USD',
      solPrice: null,
      timezone: 'UTC',
      ...settings,
    },
  };
}

/** A device as the API lists it right after it was added: pending, with no host or GPU yet. */
export function newDevice(overrides: Partial<Device> = {}): Device {
  return {
    id: 'dev-1',
    name: 'rig-01',
    os: 'ubuntu',
    status: 'pending',
    activity: null,
    state: null,
    pausedAt: null,
    hostname: null,
    lastSeenAt: null,
    createdAt: '2026-11-25T12:00:00.000Z',
    gpus: [],
    ...overrides,
  };
}

export const RTX_4090: Device['gpus'][number] = {
  index: 0,
  model: 'NVIDIA GeForce RTX 4090',
  memoryTotalMiB: 24564,
};

type Delivery = Notification['deliveries'][number];

/** One channel's delivery of an alert, sent by default. */
export function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    channelId: '00000000-0000-4000-8000-000000000001',
    channelName: 'Inbox',
    channelKind: 'email',
    status: 'sent',
    attempts: 1,
    error: null,
    finishedAt: '2026-11-25T09:00:05.000Z',
    nextAttemptAt: null,
    ...overrides,
  };
}

/** A firing `device.offline` alert on `d1`, with no delivery unless given. */
export function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'n1',
    deviceId: 'd1',
    kind: 'device.offline',
    severity: 'warning',
    title: 'rig-alpha is offline',
    message: 'rig-alpha sent nothing for 5 minutes.',
    alert: { event: 'device.offline', status: 'firing' },
    deliveries: [],
    createdAt: '2026-11-25T09:00:00.000Z',
    ...overrides,
  };
}
