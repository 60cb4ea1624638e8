import { describe, expect, it } from 'vitest';
import type { Device } from '../../api/client';
import { gpuSummary } from './device-display';
import { temperatureLevel } from '../../utils/temperature';
import {
  applyJob,
  applyLiveChanges,
  applySample,
  applyStatus,
  ariaSort,
  filterDevices,
  isSortState,
  isStatusFilter,
  matchesSearch,
  needsReload,
  nextSort,
  sortDevices,
  statusCounts,
  type LiveChange,
  type SortState,
} from './device-table';

const RTX_4090 = { index: 0, model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564 };
const A100 = { index: 0, model: 'NVIDIA A100-SXM4-80GB', memoryTotalMiB: 81920 };

function device(overrides: Partial<Device> & Pick<Device, 'id'>): Device {
  const merged: Device = {
    name: overrides.id,
    os: 'ubuntu',
    status: 'online',
    activity: 'idle',
    state: null,
    pausedAt: null,
    hostname: null,
    lastSeenAt: '2026-11-25T12:00:00.000Z',
    createdAt: '2026-11-01T00:00:00.000Z',
    gpus: [RTX_4090],
    ...overrides,
  };
  // As the API has it, unless the case sets its own (paused, maintenance, inactive).
  const state = overrides.state ?? (merged.status === 'online' ? merged.activity : null);
  return { ...merged, state };
}

const ids = (devices: Device[]) => devices.map((d) => d.id);

// A small fleet with every case the table has to order: ties, missing figures, offline rigs.
const fleet: Device[] = [
  device({ id: 'a', name: 'rig-10', temperature: 70, powerW: 800, utilization: 90 }),
  device({ id: 'b', name: 'rig-2', temperature: 85, powerW: 300, utilization: 40 }),
  device({
    id: 'c',
    name: 'Rig-1',
    status: 'offline',
    activity: null,
    temperature: 99,
    powerW: 999,
    lastSeenAt: '2026-11-24T12:00:00.000Z',
  }),
  device({ id: 'd', name: 'new-box', status: 'pending', activity: null, lastSeenAt: null }),
  device({ id: 'e', name: 'rig-3', activity: 'busy', temperature: 85, powerW: 450 }),
];

describe('sortDevices', () => {
  it.each<[string, SortState, string[]]>([
    [
      'names in natural order, case-insensitive',
      { key: 'name', direction: 'asc' },
      ['d', 'c', 'b', 'e', 'a'],
    ],
    ['names reversed', { key: 'name', direction: 'desc' }, ['a', 'e', 'b', 'c', 'd']],
    // Offline and pending rigs have no current temperature: last, whatever the direction.
    [
      'hottest first, ties by name',
      { key: 'temperature', direction: 'desc' },
      ['b', 'e', 'a', 'd', 'c'],
    ],
    [
      'coolest first, unknown still last',
      { key: 'temperature', direction: 'asc' },
      ['a', 'b', 'e', 'd', 'c'],
    ],
    ['power', { key: 'powerW', direction: 'desc' }, ['a', 'e', 'b', 'd', 'c']],
    [
      'problems first by status, busy after idle',
      { key: 'status', direction: 'asc' },
      ['c', 'd', 'b', 'a', 'e'],
    ],
    [
      'most recently seen first, never seen last',
      { key: 'lastSeen', direction: 'desc' },
      ['b', 'e', 'a', 'c', 'd'],
    ],
  ])('%s', (_, sort, expected) => {
    expect(ids(sortDevices(fleet, sort))).toEqual(expected);
  });

  it('does not reorder the array it is given', () => {
    const before = ids(fleet);
    sortDevices(fleet, { key: 'name', direction: 'desc' });
    expect(ids(fleet)).toEqual(before);
  });
});

describe('nextSort and ariaSort', () => {
  it.each<[SortState, SortState['key'], SortState]>([
    [{ key: 'name', direction: 'asc' }, 'name', { key: 'name', direction: 'desc' }],
    [{ key: 'name', direction: 'desc' }, 'name', { key: 'name', direction: 'asc' }],
    [{ key: 'name', direction: 'asc' }, 'temperature', { key: 'temperature', direction: 'desc' }],
    [{ key: 'temperature', direction: 'asc' }, 'os', { key: 'os', direction: 'asc' }],
  ])('from %o, clicking %s gives %o', (current, key, expected) => {
    expect(nextSort(current, key)).toEqual(expected);
  });

  it('names the direction only on the sorted column', () => {
    expect(ariaSort({ key: 'name', direction: 'asc' }, 'name')).toBe('ascending');
    expect(ariaSort({ key: 'name', direction: 'desc' }, 'name')).toBe('descending');
    expect(ariaSort({ key: 'name', direction: 'asc' }, 'os')).toBeUndefined();
  });
});

describe('search and filter', () => {
  const searchable = device({
    id: 's',
    name: 'Garage Rig',
    hostname: 'gpu-node-7',
    gpus: [RTX_4090, { ...A100, index: 1 }],
  });

  it.each<[string, boolean]>([
    ['', true],
    ['   ', true],
    ['garage', true],
    ['GARAGE rig', true],
    ['node-7', true],
    ['a100', true],
    ['rtx 4090', true],
    ['garage h100', false],
    ['kitchen', false],
  ])('%j matches: %s', (query, expected) => {
    expect(matchesSearch(searchable, query)).toBe(expected);
  });

  it.each<[Parameters<typeof filterDevices>[1], string[]]>([
    [{ status: 'all', state: 'any', query: '' }, ['a', 'b', 'c', 'd', 'e']],
    [{ status: 'online', state: 'any', query: '' }, ['a', 'b', 'e']],
    [{ status: 'offline', state: 'any', query: '' }, ['c']],
    [{ status: 'pending', state: 'any', query: '' }, ['d']],
    [{ status: 'online', state: 'any', query: 'rig-1' }, ['a']],
    [{ status: 'offline', state: 'any', query: 'rig-2' }, []],
    [{ status: 'all', state: 'busy', query: '' }, ['e']],
    [{ status: 'online', state: 'idle', query: '' }, ['a', 'b']],
    [{ status: 'all', state: 'paused', query: '' }, []],
  ])('%o keeps %o', (filter, expected) => {
    expect(ids(filterDevices(fleet, filter))).toEqual(expected);
  });

  it('counts devices per status', () => {
    expect(statusCounts(fleet)).toEqual({ all: 5, online: 3, offline: 1, pending: 1 });
    expect(statusCounts([])).toEqual({ all: 0, online: 0, offline: 0, pending: 0 });
  });
});

describe('live events', () => {
  const offline = device({ id: 'x', status: 'offline', activity: null, temperature: 50 });

  it('summarises a sample as the API does and marks the device online', () => {
    const patched = applySample(offline, {
      deviceId: 'x',
      at: '2026-11-25T12:00:10.000Z',
      gpus: [
        { index: 0, temperatureC: 71.5, powerW: 300.04, utilizationPct: 100 },
        { index: 1, temperatureC: 78, powerW: 250.02, utilizationPct: 45 },
        { index: 2 },
      ],
    });
    expect(patched).toMatchObject({
      status: 'online',
      activity: 'idle',
      lastSeenAt: '2026-11-25T12:00:10.000Z',
      temperature: 78,
      powerW: 550.1,
      utilization: 72.5,
    });
  });

  it('drops figures a sample does not carry instead of keeping stale ones', () => {
    const patched = applySample(fleet[0] as Device, {
      deviceId: 'a',
      at: 'now',
      gpus: [{ index: 0 }],
    });
    expect(patched.temperature).toBeUndefined();
    expect(patched.powerW).toBeUndefined();
    expect(patched.utilization).toBeUndefined();
  });

  it.each<[Device['activity'], 'online' | 'offline', Device['activity']]>([
    ['busy', 'online', 'busy'],
    [null, 'online', 'idle'],
    ['busy', 'offline', null],
  ])('status event: activity %s, now %s → %s', (activity, status, expected) => {
    const patched = applyStatus(device({ id: 'y', activity }), {
      deviceId: 'y',
      status,
      lastSeenAt: '2026-11-25T12:01:00.000Z',
    });
    expect(patched.status).toBe(status);
    expect(patched.activity).toBe(expected);
    expect(patched.lastSeenAt).toBe('2026-11-25T12:01:00.000Z');
  });

  it.each<[string, Device['activity'], Device['activity']]>([
    ['running', 'idle', 'busy'],
    ['completed', 'busy', 'idle'],
    ['failed', 'busy', 'idle'],
    ['assigned', 'idle', 'idle'],
  ])('job %s turns %s into %s', (status, activity, expected) => {
    const job = { status } as Parameters<typeof applyJob>[1];
    expect(applyJob(device({ id: 'j', activity }), job).activity).toBe(expected);
  });

  it("keeps its owner's pause and the maintenance mute through jobs and reconnections", () => {
    const paused = device({ id: 'p', state: 'paused', pausedAt: '2026-11-25T12:00:00.000Z' });
    expect(applyJob(paused, { status: 'running' })).toMatchObject({
      activity: 'busy',
      state: 'paused',
    });
    const muted = device({ id: 'm', status: 'offline', activity: null, state: 'maintenance' });
    expect(applyStatus(muted, { deviceId: 'm', status: 'online', lastSeenAt: 't' }).state).toBe(
      'maintenance',
    );
    expect(applyJob(device({ id: 'i' }), { status: 'running' }).state).toBe('busy');
    expect(
      applyStatus(device({ id: 'o', activity: 'busy' }), {
        deviceId: 'o',
        status: 'offline',
        lastSeenAt: 't',
      }).state,
    ).toBeNull();
  });

  it('takes the state the API sends when its owner pauses or resumes it', () => {
    const changes: LiveChange[] = [
      { kind: 'state', data: { deviceId: 'a', state: 'paused', pausedAt: 't' } },
    ];
    const next = applyLiveChanges(fleet, changes);
    expect(next[0]).toMatchObject({ id: 'a', state: 'paused', pausedAt: 't' });
    expect(needsReload(fleet, changes)).toBe(false);
    expect(ids(filterDevices(next, { status: 'all', state: 'paused', query: '' }))).toEqual(['a']);
    // Set apart by its owner: before the working devices of its status.
    expect(ids(sortDevices(next, { key: 'status', direction: 'asc' }))).toEqual([
      'c',
      'd',
      'a',
      'b',
      'e',
    ]);
  });

  it('ignores the jobs of a device that is not online', () => {
    expect(applyJob(offline, { status: 'running' })).toBe(offline);
  });

  it('replaces only the devices an event touches, so other rows keep their identity', () => {
    const changes: LiveChange[] = [
      { kind: 'sample', data: { deviceId: 'b', at: 't1', gpus: [{ index: 0, temperatureC: 60 }] } },
      { kind: 'sample', data: { deviceId: 'b', at: 't2', gpus: [{ index: 0, temperatureC: 61 }] } },
      { kind: 'status', data: { deviceId: 'unknown', status: 'online', lastSeenAt: 't2' } },
    ];
    const next = applyLiveChanges(fleet, changes);
    expect(next).not.toBe(fleet);
    expect(next[1]).toMatchObject({ id: 'b', temperature: 61, lastSeenAt: 't2' });
    for (const index of [0, 2, 3, 4]) expect(next[index]).toBe(fleet[index]);
    expect(applyLiveChanges(fleet, [])).toBe(fleet);
    expect(applyLiveChanges(fleet, [changes[2] as LiveChange])).toBe(fleet);
  });

  it.each<[string, LiveChange, boolean]>([
    [
      'a known device reports',
      { kind: 'sample', data: { deviceId: 'a', at: 't', gpus: [] } },
      false,
    ],
    [
      'an unknown device enrolled',
      { kind: 'status', data: { deviceId: 'z', status: 'online', lastSeenAt: 't' } },
      true,
    ],
    [
      'a pending device sent its first sample',
      { kind: 'sample', data: { deviceId: 'd', at: 't', gpus: [] } },
      true,
    ],
    [
      'a job of an unknown device',
      { kind: 'job', data: { deviceId: 'z', status: 'running' } },
      false,
    ],
  ])('reloads the list when %s: %s', (_, change, expected) => {
    expect(needsReload(fleet, [change])).toBe(expected);
  });
});

describe('display helpers', () => {
  it.each<[Device['gpus'], string]>([
    [[], 'No GPUs'],
    [[RTX_4090, { ...RTX_4090, index: 1 }], '2 × RTX 4090'],
    [[A100], '1 × A100-SXM4-80GB'],
    [[RTX_4090, { ...A100, index: 1 }], '2 GPUs (mixed)'],
  ])('summarises %j as %s', (gpus, expected) => {
    expect(gpuSummary(gpus).text).toBe(expected);
  });

  it('does not claim a pending device has no GPUs: it has not said yet', () => {
    expect(gpuSummary([], 'pending').text).toBe('—');
  });

  it.each<[number | undefined, string]>([
    [undefined, 'ok'],
    [79.9, 'ok'],
    [80, 'warm'],
    [90, 'hot'],
  ])('%s °C is %s', (celsius, expected) => {
    expect(temperatureLevel(celsius)).toBe(expected);
  });
});

describe('remembered state', () => {
  it.each<[unknown, boolean]>([
    [{ key: 'name', direction: 'asc' }, true],
    [{ key: 'powerW', direction: 'desc' }, true],
    [{ key: 'hacked', direction: 'asc' }, false],
    [{ key: 'name', direction: 'up' }, false],
    [null, false],
    ['name', false],
  ])('%j is a sort state: %s', (value, expected) => {
    expect(isSortState(value)).toBe(expected);
  });

  it('accepts only known status filters', () => {
    expect(['all', 'online', 'offline', 'pending'].every(isStatusFilter)).toBe(true);
    expect(isStatusFilter('busy')).toBe(false);
  });
});
