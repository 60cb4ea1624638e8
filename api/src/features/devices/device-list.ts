import type { Executor } from '../../db/database.js';
import { coalesceReads } from '../../lib/coalesce.js';
import { createLru } from '../../lib/lru.js';
import { serializeJson, type SerializedJson } from '../../lib/serialized-json.js';
import { toDevice } from './device.presenter.js';
import { stateChangesAt } from './device-state.js';
import { deviceListFingerprint, listDevices, type DeviceListRow } from './devices.queries.js';

/** About 2 MiB a list at 5,000 devices: room for the largest accounts' lists at once. */
const MAX_CACHED_BYTES = 64 * 1024 * 1024;

export type DeviceList = { devices: ReturnType<typeof toDevice>[] };

type BuiltList = {
  fingerprint: string;
  /** When a device's status or state changes by the clock alone (device-state.ts). */
  freshUntil: number;
  json: SerializedJson<DeviceList>;
};

/** Where lists come from: the database, or a test's stand-in. */
export type DeviceListSource = {
  fingerprint(db: Executor, accountId: string): Promise<string>;
  rows(db: Executor, accountId: string): Promise<DeviceListRow[]>;
};

const fromDatabase: DeviceListSource = { fingerprint: deviceListFingerprint, rows: listDevices };

function builtList(rows: DeviceListRow[], fingerprint: string): BuiltList {
  const now = Date.now();
  return {
    fingerprint,
    freshUntil: rows.reduce(
      (soonest, row) => Math.min(soonest, stateChangesAt(row, now)),
      Infinity,
    ),
    json: serializeJson({ devices: rows.map((row) => toDevice(row, now)) }),
  };
}

/** A list being built: its rows are read after `startedAt`. */
type Building = { fingerprint: string; startedAt: number; list: Promise<BuiltList> };

/**
 * `GET /v1/devices`, serialized once per change instead of once per request: each request reads
 * the list's fingerprint (one small query, shared by the requests that wait for it) and gets
 * the bytes built for it, while they are fresh. Otherwise it waits for a build that reads the
 * list after it arrived, or for one of the same fingerprint, before it starts its own: while
 * devices report (each write changes the list), concurrent requests share builds. Whatever it
 * shares, a request sees every write made before it came. Every API instance keeps its own;
 * the fingerprint comes from the database, so none is stale.
 */
export function createDeviceListCache(
  db: Executor,
  { maxBytes = MAX_CACHED_BYTES, source = fromDatabase } = {},
) {
  const built = createLru<string, BuiltList>(maxBytes, (list) => list.json.bytes.byteLength);
  const building = new Map<string, Building>();
  const fingerprintOf = coalesceReads((accountId: string) => source.fingerprint(db, accountId));

  async function rebuild(accountId: string, fingerprint: string) {
    const startedAt = performance.now();
    const list = source.rows(db, accountId).then((rows) => builtList(rows, fingerprint));
    building.set(accountId, { fingerprint, startedAt, list });
    try {
      const done = await list;
      built.set(accountId, done);
      return done;
    } finally {
      if (building.get(accountId)?.list === list) building.delete(accountId);
    }
  }

  return {
    async get(accountId: string): Promise<SerializedJson<DeviceList>> {
      const arrivedAt = performance.now();
      const fingerprint = await fingerprintOf(accountId);
      const cached = built.get(accountId);
      if (cached?.fingerprint === fingerprint && Date.now() < cached.freshUntil) return cached.json;
      const pending = building.get(accountId);
      const joinable =
        pending && (pending.fingerprint === fingerprint || pending.startedAt >= arrivedAt);
      const list = joinable ? await pending.list : await rebuild(accountId, fingerprint);
      return list.json;
    },
  };
}

export type DeviceListCache = ReturnType<typeof createDeviceListCache>;
