import type { AppDeps, AuthenticatedDevice } from '../../app-env.js';
import { repeatWithPause } from '../../lib/repeat.js';
import { findDeviceByCredentialHash, liveCredentialHashes } from '../auth/auth.queries.js';

export type CredentialCacheOptions = {
  maxEntries: number;
  /** How often every cached credential is checked against the database, in one query. */
  revalidateMs: number;
  /** An entry no check confirmed for this long (the database was unreachable) is looked up again. */
  maxAgeMs: number;
};

const DEFAULTS: CredentialCacheOptions = {
  maxEntries: 50_000,
  revalidateMs: 5000,
  maxAgeMs: 30_000,
};
const HASHES_PER_CHECK = 5000;

type Entry = { device: AuthenticatedDevice; checkedAt: number };

export type DeviceCredentialCache = {
  /** The live device of a credential's hash; undefined when none is. */
  find(credentialHash: string): Promise<AuthenticatedDevice | undefined>;
  /** Drops the device's credential on this instance (others hear `device.revoked`). */
  forget(deviceId: string): void;
  close(): Promise<void>;
};

function toDevice(row: NonNullable<Awaited<ReturnType<typeof findDeviceByCredentialHash>>>) {
  return {
    deviceId: row.id,
    accountId: row.account_id,
    name: row.name,
    timezone: row.timezone,
    intervalS: row.interval_s,
    latest: row.latest,
    gpus: row.gpus,
  };
}

/**
 * Device credentials by hash, so that a node's write costs no query in the steady state. The
 * cached device also carries the state ingest keeps between writes (latest sample, inventory,
 * interval), updated in place by each write this instance receives.
 *
 * Revocation: a deleted or re-enrolled device is published as `device.revoked` on the event
 * bus, and every instance drops it at once (NOTIFY latency, milliseconds). Whatever the bus
 * misses (a change made in psql, a lost listener connection) is caught by the check of all
 * cached credentials every `revalidateMs` (5 s), and nothing unconfirmed for `maxAgeMs` is used.
 *
 * @example
 * const device = await deps.deviceCredentials.find(hashToken(credential));
 */
export function createDeviceCredentialCache(
  deps: Pick<AppDeps, 'db' | 'events' | 'logger'>,
  options: Partial<CredentialCacheOptions> = {},
): DeviceCredentialCache {
  const settings = { ...DEFAULTS, ...options };
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const entries = new Map<string, Entry>();
  const hashByDevice = new Map<string, string>();
  const accounts = new Map<string, { devices: number; unsubscribe: () => void }>();
  const lookups = new Map<string, Promise<AuthenticatedDevice | undefined>>();
  // Revocations so far: a lookup that overlapped one may have read a row since deleted.
  let revocations = 0;

  function watchAccount(accountId: string): void {
    const watched = accounts.get(accountId);
    if (watched) {
      watched.devices += 1;
      return;
    }
    const unsubscribe = deps.events.subscribe(
      accountId,
      (event) => {
        if (event.type === 'device.revoked') forget(event.data.deviceId);
      },
      { volatile: false },
    );
    accounts.set(accountId, { devices: 1, unsubscribe });
  }

  function unwatchAccount(accountId: string): void {
    const watched = accounts.get(accountId);
    if (!watched) return;
    watched.devices -= 1;
    if (watched.devices > 0) return;
    watched.unsubscribe();
    accounts.delete(accountId);
  }

  function remove(hash: string): void {
    const entry = entries.get(hash);
    if (!entry) return;
    entries.delete(hash);
    hashByDevice.delete(entry.device.deviceId);
    unwatchAccount(entry.device.accountId);
  }

  function removeDevice(deviceId: string): void {
    const hash = hashByDevice.get(deviceId);
    if (hash) remove(hash);
  }

  function forget(deviceId: string): void {
    revocations += 1;
    removeDevice(deviceId);
  }

  function store(hash: string, device: AuthenticatedDevice): void {
    removeDevice(device.deviceId);
    remove(hash);
    entries.set(hash, { device, checkedAt: Date.now() });
    hashByDevice.set(device.deviceId, hash);
    watchAccount(device.accountId);
    for (const oldest of entries.keys()) {
      if (entries.size <= settings.maxEntries) break;
      remove(oldest);
    }
  }

  async function lookUp(hash: string): Promise<AuthenticatedDevice | undefined> {
    const revocationsBefore = revocations;
    const row = await findDeviceByCredentialHash(deps.db, hash);
    if (!row) return undefined;
    const device = toDevice(row);
    if (revocations === revocationsBefore) store(hash, device);
    return device;
  }

  async function revalidate(): Promise<void> {
    const hashes = [...entries.keys()];
    for (let start = 0; start < hashes.length; start += HASHES_PER_CHECK) {
      const chunk = hashes.slice(start, start + HASHES_PER_CHECK);
      const checkedAt = Date.now();
      const live = await liveCredentialHashes(deps.db, chunk);
      for (const hash of chunk) {
        const entry = entries.get(hash);
        if (!entry) continue;
        const name = live.get(hash);
        if (name === undefined) remove(hash);
        else Object.assign(entry, { checkedAt }).device.name = name;
      }
    }
  }

  const stopChecks = repeatWithPause(revalidate, settings.revalidateMs, (error) =>
    deps.logger.warn({ err: error.message }, 'device credential check failed'),
  );

  return {
    async find(hash) {
      const entry = entries.get(hash);
      if (entry && Date.now() - entry.checkedAt < settings.maxAgeMs) {
        entries.delete(hash);
        entries.set(hash, entry);
        return entry.device;
      }
      // Parallel first writes of one device share a lookup.
      let pending = lookups.get(hash);
      if (!pending) {
        pending = lookUp(hash).finally(() => lookups.delete(hash));
        lookups.set(hash, pending);
      }
      return pending;
    },
    forget,
    async close() {
      await stopChecks();
      for (const { unsubscribe } of accounts.values()) unsubscribe();
      accounts.clear();
      entries.clear();
      hashByDevice.clear();
    },
  };
}
