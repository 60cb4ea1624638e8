import { describe, expect, it, vi } from 'vitest';
import type { Executor } from '../../db/database.js';
import { createDeviceListCache } from './device-list.js';
import type { DeviceListRow } from './devices.queries.js';

const db = {} as Executor;
const ACCOUNT = 'account-1';

function row(name: string, lastSeenAt: Date | null = null, intervalS = 10): DeviceListRow {
  return {
    id: `id-${name}`,
    name,
    os: 'ubuntu',
    hostname: null,
    gpus: [],
    last_seen_at: lastSeenAt,
    interval_s: intervalS,
    created_at: new Date(0),
    paused_at: null,
    muted_until: null,
    busy: false,
    sample_gpus: null,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** A source whose fingerprint and rows the test sets, counting the lists read. */
function fakeSource(fingerprint: string, rows: DeviceListRow[]) {
  const source = {
    fingerprint: vi.fn((): Promise<string> => Promise.resolve(fingerprint)),
    rows: vi.fn((): Promise<DeviceListRow[]> => Promise.resolve(rows)),
  };
  return source;
}

const names = (json: { bytes: Uint8Array }) =>
  (
    JSON.parse(Buffer.from(json.bytes).toString('utf8')) as { devices: { name: string }[] }
  ).devices.map((device) => device.name);

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the device list cache', () => {
  it('serves the same bytes while the fingerprint holds, and builds anew when it changes', async () => {
    const source = fakeSource('f1', [row('alpha')]);
    const cache = createDeviceListCache(db, { source });
    const first = await cache.get(ACCOUNT);
    expect(await cache.get(ACCOUNT)).toBe(first);
    expect(source.rows).toHaveBeenCalledTimes(1);

    source.fingerprint.mockResolvedValue('f2');
    source.rows.mockResolvedValue([row('beta')]);
    expect(names(await cache.get(ACCOUNT))).toEqual(['beta']);
    expect(source.rows).toHaveBeenCalledTimes(2);
  });

  it('builds once for concurrent requests of the same fingerprint', async () => {
    const source = fakeSource('f1', [row('alpha')]);
    const cache = createDeviceListCache(db, { source });
    const lists = await Promise.all([1, 2, 3].map(() => cache.get(ACCOUNT)));
    expect(new Set(lists).size).toBe(1);
    expect(source.rows).toHaveBeenCalledTimes(1);
  });

  it('never hands a request a build begun before it came with another fingerprint', async () => {
    const source = fakeSource('f1', []);
    const before = deferred<DeviceListRow[]>();
    source.rows.mockReturnValueOnce(before.promise);
    const cache = createDeviceListCache(db, { source });
    const early = cache.get(ACCOUNT);
    await settle();
    expect(source.rows).toHaveBeenCalledTimes(1);

    // A write lands: a new fingerprint, and rows the early build may not have seen.
    source.fingerprint.mockResolvedValue('f2');
    source.rows.mockResolvedValue([row('renamed')]);
    const late = cache.get(ACCOUNT);
    await settle();
    before.resolve([row('original')]);
    expect(names(await late)).toEqual(['renamed']);
    expect(names(await early)).toEqual(['original']);
  });

  it('hands a request a build begun after it came, whatever fingerprint it read', async () => {
    const source = fakeSource('f2', []);
    const slowFingerprint = deferred<string>();
    source.fingerprint.mockReturnValueOnce(slowFingerprint.promise);
    const rows = deferred<DeviceListRow[]>();
    source.rows.mockReturnValueOnce(rows.promise);
    const cache = createDeviceListCache(db, { source });
    const first = cache.get(ACCOUNT);
    await settle();
    // Comes while the first request's fingerprint is read: reads its own after it.
    const second = cache.get(ACCOUNT);
    // The first request's build begins after the second came; its fingerprint is older.
    slowFingerprint.resolve('f1');
    await settle();
    expect(source.fingerprint).toHaveBeenCalledTimes(2);
    rows.resolve([row('alpha')]);
    expect(await second).toBe(await first);
    expect(source.rows).toHaveBeenCalledTimes(1);
  });

  it('builds anew once a device goes offline by the clock', async () => {
    // Online for 3 intervals of 100 ms after its last report: 50 ms left.
    const source = fakeSource('f1', [row('alpha', new Date(Date.now() - 250), 0.1)]);
    const cache = createDeviceListCache(db, { source });
    await cache.get(ACCOUNT);
    await cache.get(ACCOUNT);
    expect(source.rows).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await cache.get(ACCOUNT);
    expect(source.rows).toHaveBeenCalledTimes(2);
  });

  it('forgets the least recently used lists beyond its size', async () => {
    const source = fakeSource('f1', [row('alpha')]);
    const one = await createDeviceListCache(db, { source }).get(ACCOUNT);
    const cache = createDeviceListCache(db, { source, maxBytes: one.bytes.byteLength * 2 });
    for (const account of ['a', 'b', 'a', 'c', 'a']) await cache.get(account);
    expect(source.rows).toHaveBeenCalledTimes(1 + 3);
    await cache.get('b');
    expect(source.rows).toHaveBeenCalledTimes(1 + 4);
  });
});
