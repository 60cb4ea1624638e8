import type { DeviceStatus } from '@ioworker/contract';
import type { AppDeps } from '../../app-env.js';
import {
  energyHourRow,
  integrateSamples,
  type EnergyHourRow,
  type EnergySample,
} from '../energy/energy-hours.js';
import { MISSED_INTERVALS } from '../status/device-connection.js';
import { deviceReported } from '../status/device-status.js';
import {
  lockDeviceStates,
  storeDeviceStates,
  type LockedDevice,
  type StateRow,
  type UptimeCredit,
} from './ingest.queries.js';
import { inventoryOf, joinFragments, mergeLatest, type SampleFragment } from './latest-sample.js';

/** What one instance received from a device since its last flush. */
export type PendingDevice = {
  deviceId: string;
  accountId: string;
  name: string;
  /** Server times of receipt, each with the interval the write claimed. */
  receipts: { atMs: number; intervalS: number }[];
  /** What the latest sample and inventory are merged from at flush. */
  fragment: SampleFragment;
  droppedFields: number;
  samples: EnergySample[];
};

export type DeviceStateBuffer = {
  add(update: PendingDevice): Promise<void>;
  /** Flushes what is buffered now; resolves once a flush that started after the call ends. */
  flush(): Promise<void>;
  /** Flushes, and waits for the transitions it found to be announced too. */
  idle(): Promise<void>;
  close(): Promise<void>;
};

/** Devices per statement: bounds one flush's lock set and parameter size. */
const DEVICES_PER_STATEMENT = 500;

function merge(into: PendingDevice, update: PendingDevice): PendingDevice {
  return {
    ...update,
    receipts: [...into.receipts, ...update.receipts],
    fragment: joinFragments(into.fragment, update.fragment),
    droppedFields: into.droppedFields + update.droppedFields,
    samples: [...into.samples, ...update.samples],
  };
}

/**
 * The uptime a device's receipts credit, after the contact the database last recorded: each
 * receipt credits the time since the one before it, at most MISSED_INTERVALS of the interval
 * then in force (today's storeReport rule, on the API's clock). A receipt no newer than the
 * recorded contact adds nothing: another instance already credited past it, so time is never
 * credited twice.
 */
export function uptimeCredits(
  previousContactMs: number | null,
  storedIntervalS: number,
  receipts: PendingDevice['receipts'],
): [number, number][] {
  const credits: [number, number][] = [];
  let previous = previousContactMs;
  let intervalS = storedIntervalS;
  for (const receipt of [...receipts].sort((a, b) => a.atMs - b.atMs)) {
    if (previous !== null && receipt.atMs > previous) {
      const since = Math.max(previous, receipt.atMs - MISSED_INTERVALS * intervalS * 1000);
      credits.push([since, receipt.atMs]);
    }
    if (previous === null || receipt.atMs > previous) previous = receipt.atMs;
    intervalS = receipt.intervalS;
  }
  return credits;
}

type Prepared = { state: StateRow; credits: UptimeCredit[]; hours: EnergyHourRow[] };

function prepare(pending: PendingDevice, locked: LockedDevice): Prepared {
  const receipts = pending.receipts;
  const intervalS = receipts.at(-1)?.intervalS ?? locked.interval_s;
  const energy = integrateSamples(
    locked.energy_cursor,
    pending.samples,
    MISSED_INTERVALS * intervalS * 1000,
  );
  const contact = locked.previous_contact?.getTime() ?? null;
  const credits = uptimeCredits(contact, locked.interval_s, receipts).map(([since, until]) => ({
    device_id: pending.deviceId,
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    tz: locked.timezone,
  }));
  const hours = [...energy.hours].map(([hour, totals]) =>
    energyHourRow(pending.deviceId, hour, totals),
  );
  const seenAt = Math.max(...receipts.map((receipt) => receipt.atMs));
  const state = {
    id: pending.deviceId,
    seen_at: new Date(seenAt).toISOString(),
    interval_s: intervalS,
    // Merged with the row as it is now, under its lock: another instance's writes are in it.
    latest: mergeLatest(locked.latest, pending.fragment),
    gpus: inventoryOf(pending.fragment, locked.gpus),
    dropped: pending.droppedFields,
    cursor: energy.cursor,
    stale_from:
      energy.staleFromMs === undefined ? null : new Date(energy.staleFromMs).toISOString(),
  };
  return { state, credits, hours };
}

type Transition = { pending: PendingDevice; previous: DeviceStatus; lastSeenAt: Date };

/**
 * One batch in one transaction: the rows locked in id order (two instances flushing the same
 * devices queue, never deadlock), the increments computed from what the rows hold under the
 * lock, then one statement for states, uptime and energy.
 */
async function flushBatch(deps: Pick<AppDeps, 'db'>, batch: PendingDevice[]) {
  return deps.db.transaction().execute(async (trx) => {
    const locked = await lockDeviceStates(
      trx,
      batch.map((pending) => pending.deviceId),
    );
    const prepared: Prepared[] = [];
    const transitions: Transition[] = [];
    for (const pending of batch) {
      const row = locked.get(pending.deviceId);
      // Deleted since the write was accepted: nothing more is kept for it.
      if (!row) continue;
      const done = prepare(pending, row);
      prepared.push(done);
      if (row.reported_status !== 'online') {
        const lastSeenAt = new Date(
          Math.max(Date.parse(done.state.seen_at), row.last_seen_at?.getTime() ?? 0),
        );
        transitions.push({ pending, previous: row.reported_status, lastSeenAt });
      }
    }
    await storeDeviceStates(trx, {
      states: prepared.map((each) => each.state),
      credits: prepared.flatMap((each) => each.credits),
      hours: prepared.flatMap((each) => each.hours),
    });
    return transitions;
  });
}

/**
 * Device state, uptime and energy, buffered per device and written in batches at most every
 * `flushMs` (0: each write waits for the flush that includes it). A failed flush keeps what it
 * held for the next one; stopping flushes what is left.
 *
 * @example
 * const buffer = createDeviceStateBuffer(deps, 1000);
 * await buffer.add(pending);
 */
export function createDeviceStateBuffer(
  deps: Pick<AppDeps, 'db' | 'events' | 'config' | 'logger'>,
  flushMs: number,
): DeviceStateBuffer {
  let buffered = new Map<string, PendingDevice>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let next: Promise<void> | undefined;
  let announcing: Promise<void> = Promise.resolve();

  /**
   * Transitions to online, in order, apart from the flushes: a fleet coming online at once
   * (2,000 notifications) must not hold back the next flush.
   */
  function announce(transitions: Transition[]): void {
    announcing = announcing.then(async () => {
      for (const { pending, previous, lastSeenAt } of transitions) {
        await deviceReported(deps, { ...pending, lastSeenAt }, previous).catch((error: Error) =>
          deps.logger.warn({ err: error.message }, 'announcing a device online failed'),
        );
      }
    });
  }

  /**
   * After a batch failed: each device alone, so that one device whose state cannot be stored
   * does not hold back the others. Those that fail alone are dropped and logged (their samples
   * are in InfluxDB; the energy repair recomputes their hours), unless every one fails: then
   * the database is the problem, and all are kept for the next flush.
   */
  async function flushEachAlone(batch: PendingDevice[]): Promise<boolean> {
    const failed: string[] = [];
    for (const pending of batch) {
      try {
        announce(await flushBatch(deps, [pending]));
      } catch {
        failed.push(pending.deviceId);
      }
    }
    if (failed.length === batch.length) return false;
    if (failed.length > 0) {
      deps.logger.error({ deviceIds: failed }, 'device state could not be stored; dropped');
    }
    return true;
  }

  async function flushTaken(taken: Map<string, PendingDevice>): Promise<void> {
    const all = [...taken.values()];
    for (let start = 0; start < all.length; start += DEVICES_PER_STATEMENT) {
      const batch = all.slice(start, start + DEVICES_PER_STATEMENT);
      let transitions: Transition[];
      try {
        transitions = await flushBatch(deps, batch);
      } catch (error) {
        if (batch.length > 1 && (await flushEachAlone(batch))) continue;
        // Kept, older first, so the next flush writes them with whatever came since.
        for (const pending of all.slice(start)) {
          const newer = buffered.get(pending.deviceId);
          buffered.set(pending.deviceId, newer ? merge(pending, newer) : pending);
        }
        schedule();
        throw error;
      }
      announce(transitions);
    }
  }

  function flushNow(): Promise<void> {
    if (next) return next;
    const started = running.then(async () => {
      next = undefined;
      clearTimeout(timer);
      timer = undefined;
      const taken = buffered;
      buffered = new Map();
      if (taken.size > 0) await flushTaken(taken);
    });
    next = started;
    running = started.catch((error: Error) =>
      deps.logger.warn({ err: error.message }, 'device state flush failed; retrying'),
    );
    return started;
  }

  function schedule(): void {
    if (timer || flushMs === 0) return;
    timer = setTimeout(() => void flushNow().catch(() => {}), flushMs);
    timer.unref();
  }

  return {
    async add(update) {
      const current = buffered.get(update.deviceId);
      buffered.set(update.deviceId, current ? merge(current, update) : update);
      if (flushMs === 0) {
        await flushNow();
        await announcing;
      } else {
        schedule();
      }
    },
    flush: flushNow,
    async idle() {
      await flushNow();
      await announcing;
    },
    async close() {
      await running;
      await flushNow().catch((error: Error) =>
        deps.logger.error({ err: error.message }, 'device state was not flushed at shutdown'),
      );
      await announcing;
    },
  };
}
