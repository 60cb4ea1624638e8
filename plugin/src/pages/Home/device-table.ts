/**
 * The device table's pure logic: search, status filter, sorting and applying live events.
 * Kept free of React so it can be tested exhaustively and stays cheap for 1,000 devices.
 */
import type { LiveEventData } from '@ioworker/api';
import { isTerminalJobStatus } from '@ioworker/contract';
import type { Device } from '../../api/client';
import { stateAfter, type DeviceState } from '../../utils/device-state';

export type DeviceStatus = Device['status'];
export type StatusFilter = 'all' | DeviceStatus;
/** `any`, or one state (paused, busy…). */
export type StateFilter = 'any' | DeviceState;
export type SortKey =
  'status' | 'name' | 'os' | 'gpus' | 'temperature' | 'powerW' | 'utilization' | 'lastSeen';
export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: SortState = { key: 'name', direction: 'asc' };

/** A live event that changes one device, as the table applies it. */
export type LiveChange =
  | { kind: 'sample'; data: LiveEventData['device.sample'] }
  | { kind: 'status'; data: LiveEventData['device.status'] }
  | { kind: 'state'; data: LiveEventData['device.state'] }
  | { kind: 'job'; data: Pick<LiveEventData['job'], 'deviceId' | 'status'> };

// ---------------------------------------------------------------------------------------------
// Live metrics

/**
 * The latest sample's figures, only while the device is online: an offline rig's last reading
 * is history, and showing it as current would mislead (the overview counts online devices only).
 */
export function liveMetrics(device: Device): {
  temperature?: number;
  powerW?: number;
  utilization?: number;
} {
  if (device.status !== 'online') return {};
  return {
    temperature: device.temperature,
    powerW: device.powerW,
    utilization: device.utilization,
  };
}

// ---------------------------------------------------------------------------------------------
// Search and filter

/** Case-insensitive; every word must appear in the name, the hostname or a GPU model. */
export function matchesSearch(device: Device, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [device.name, device.hostname ?? '', ...device.gpus.map((gpu) => gpu.model)]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function filterDevices(
  devices: readonly Device[],
  { status, state, query }: { status: StatusFilter; state: StateFilter; query: string },
): Device[] {
  return devices.filter(
    (device) =>
      (status === 'all' || device.status === status) &&
      (state === 'any' || device.state === state) &&
      matchesSearch(device, query),
  );
}

/** How many devices each status filter would show (before the search is applied). */
export function statusCounts(devices: readonly Device[]): Record<StatusFilter, number> {
  const counts: Record<StatusFilter, number> = {
    all: devices.length,
    online: 0,
    offline: 0,
    pending: 0,
  };
  for (const device of devices) counts[device.status] += 1;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Sort

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

// Problems first: sorting by status is how a user finds the rigs that need attention; within a
// status, what its owner set apart (paused, maintenance) comes before working devices.
const STATUS_RANK: Record<DeviceStatus, number> = { offline: 0, pending: 1, online: 2 };
const STATE_RANK: Record<DeviceState, number> = {
  paused: 0,
  maintenance: 1,
  inactive: 2,
  idle: 3,
  busy: 4,
};

type SortValue = string | number | undefined;

const SORT_VALUES: Record<SortKey, (device: Device) => SortValue> = {
  status: (device) =>
    STATUS_RANK[device.status] * 10 + (device.state === null ? 5 : STATE_RANK[device.state]),
  name: (device) => device.name,
  os: (device) => device.os,
  gpus: (device) => device.gpus.length,
  temperature: (device) => liveMetrics(device).temperature,
  powerW: (device) => liveMetrics(device).powerW,
  utilization: (device) => liveMetrics(device).utilization,
  lastSeen: (device) => (device.lastSeenAt ? Date.parse(device.lastSeenAt) : undefined),
};

/** Unknown values go last whichever the direction, so "hottest first" never starts with blanks. */
function compareValues(a: SortValue, b: SortValue, sign: number): number {
  if (a === undefined || b === undefined) {
    if (a === b) return 0;
    return a === undefined ? 1 : -1;
  }
  if (typeof a === 'string' && typeof b === 'string') return sign * collator.compare(a, b);
  return sign * (Number(a) - Number(b));
}

/** A new sorted array; ties are broken by name, then id, so the order never flickers. */
export function sortDevices(devices: readonly Device[], sort: SortState): Device[] {
  const valueOf = SORT_VALUES[sort.key];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return devices
    .map((device) => ({ device, value: valueOf(device) }))
    .sort(
      (a, b) =>
        compareValues(a.value, b.value, sign) ||
        collator.compare(a.device.name, b.device.name) ||
        (a.device.id < b.device.id ? -1 : a.device.id > b.device.id ? 1 : 0),
    )
    .map(({ device }) => device);
}

// Figures are most useful largest first (hottest, hungriest); names and text A to Z.
const FIRST_DIRECTION: Record<SortKey, SortDirection> = {
  status: 'asc',
  name: 'asc',
  os: 'asc',
  gpus: 'desc',
  temperature: 'desc',
  powerW: 'desc',
  utilization: 'desc',
  lastSeen: 'desc',
};

/** Clicking the sorted column reverses it; another column starts in its natural direction. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) {
    return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { key, direction: FIRST_DIRECTION[key] };
}

export function ariaSort(sort: SortState, key: SortKey): 'ascending' | 'descending' | undefined {
  if (sort.key !== key) return undefined;
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

// ---------------------------------------------------------------------------------------------
// Live events

function round(value: number, places = 1): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

function defined(values: Array<number | undefined>): number[] {
  return values.filter((value): value is number => value !== undefined);
}

/** The API's own summary of a sample (hottest GPU, summed power, mean utilisation). */
export function applySample(device: Device, sample: LiveEventData['device.sample']): Device {
  const temperatures = defined(sample.gpus.map((gpu) => gpu.temperatureC));
  const powers = defined(sample.gpus.map((gpu) => gpu.powerW));
  const utilizations = defined(sample.gpus.map((gpu) => gpu.utilizationPct));
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  // A device coming back online has no known job yet; a job event will say if it is busy.
  const activity = device.activity ?? 'idle';
  return {
    ...device,
    status: 'online',
    activity,
    state: stateAfter(device, 'online', activity),
    lastSeenAt: sample.at,
    temperature: temperatures.length > 0 ? Math.max(...temperatures) : undefined,
    powerW: powers.length > 0 ? round(sum(powers)) : undefined,
    utilization:
      utilizations.length > 0 ? round(sum(utilizations) / utilizations.length) : undefined,
  };
}

export function applyStatus(device: Device, event: LiveEventData['device.status']): Device {
  const activity = event.status === 'online' ? (device.activity ?? 'idle') : null;
  return {
    ...device,
    status: event.status,
    activity,
    state: stateAfter(device, event.status, activity),
    lastSeenAt: event.lastSeenAt ?? device.lastSeenAt,
  };
}

/** Busy while a job runs; an assigned job that has not started changes nothing. */
export function applyJob(device: Device, job: Pick<LiveEventData['job'], 'status'>): Device {
  if (device.status !== 'online') return device;
  const activity =
    job.status === 'running' ? 'busy' : isTerminalJobStatus(job.status) ? 'idle' : device.activity;
  if (activity === device.activity) return device;
  return { ...device, activity, state: stateAfter(device, device.status, activity) };
}

/** Paused or resumed by its owner: the API's own state. */
export function applyState(device: Device, event: LiveEventData['device.state']): Device {
  return { ...device, state: event.state, pausedAt: event.pausedAt };
}

function applyChange(device: Device, change: LiveChange): Device {
  switch (change.kind) {
    case 'sample':
      return applySample(device, change.data);
    case 'status':
      return applyStatus(device, change.data);
    case 'job':
      return applyJob(device, change.data);
    case 'state':
      return applyState(device, change.data);
  }
}

/**
 * Applies a batch of live events. Devices that no event touched keep their identity, so their
 * memoised rows do not re-render; the same array comes back when nothing changed.
 */
export function applyLiveChanges(devices: Device[], changes: readonly LiveChange[]): Device[] {
  if (changes.length === 0) return devices;
  const indexById = new Map(devices.map((device, index) => [device.id, index]));
  let next: Device[] | undefined;
  for (const change of changes) {
    const index = indexById.get(change.data.deviceId);
    if (index === undefined) continue;
    const current = (next ?? devices)[index];
    if (!current) continue;
    const updated = applyChange(current, change);
    if (updated === current) continue;
    next ??= devices.slice();
    next[index] = updated;
  }
  return next ?? devices;
}

/**
 * Whether the list must be fetched again: a device we do not know has enrolled, or a pending
 * one sent its first status (its GPUs and hostname arrive with enrollment, not with events).
 */
export function needsReload(devices: readonly Device[], changes: readonly LiveChange[]): boolean {
  const byId = new Map(devices.map((device) => [device.id, device]));
  return changes.some((change) => {
    if (change.kind === 'job' || change.kind === 'state') return false;
    const device = byId.get(change.data.deviceId);
    return !device || device.status === 'pending';
  });
}

// ---------------------------------------------------------------------------------------------
// Remembered state (read back from sessionStorage, so checked before use)

const SORT_KEYS: readonly string[] = Object.keys(FIRST_DIRECTION);
const STATUS_FILTERS: readonly string[] = ['all', 'online', 'offline', 'pending'];

export function isSortState(value: unknown): value is SortState {
  if (typeof value !== 'object' || value === null) return false;
  const { key, direction } = value as Record<string, unknown>;
  return (
    typeof key === 'string' &&
    SORT_KEYS.includes(key) &&
    (direction === 'asc' || direction === 'desc')
  );
}

export function isStatusFilter(value: unknown): value is StatusFilter {
  return typeof value === 'string' && STATUS_FILTERS.includes(value);
}

const STATE_FILTERS: readonly string[] = [
  'any',
  'paused',
  'maintenance',
  'busy',
  'idle',
  'inactive',
];

export function isStateFilter(value: unknown): value is StateFilter {
  return typeof value === 'string' && STATE_FILTERS.includes(value);
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}
