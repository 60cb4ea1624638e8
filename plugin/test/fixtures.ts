import type { Device, Me } from '../src/api/client';

/** API answers the tests build on, typed by the API's own routes. */

/** The signed-in account, with the settings a test needs. */
export function account(settings: Partial<Me['settings']> = {}): Me {
  return {
    id: 'account-1',
    email: 'ada@example.com',
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
