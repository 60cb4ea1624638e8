import { useCallback, useEffect, useRef } from 'react';
import type { Device } from '../../api/client';
import { useLiveEvent } from '../../api/hooks';
import { useInterval } from '../../hooks/useInterval';
import { useLatest } from '../../hooks/useLatest';
import { applyLiveChanges, needsReload, type LiveChange } from './device-table';

/**
 * Samples of 1,000 rigs arrive at about 100 a second; applying them in one state update per
 * window keeps the table to a few renders a second whatever the fleet size.
 */
const BATCH_MS = 250;
/** The overview is recomputed by the API from every device: reload it at most this often. */
export const OVERVIEW_REFRESH_MS = 10_000;
/** And at least this often, so figures that change without events (offline sweeps) catch up. */
const OVERVIEW_FALLBACK_MS = 60_000;

interface Options {
  /** The current list (for deciding whether a reload is needed). */
  devices: Device[] | undefined;
  /** Patches the list in place. */
  updateDevices: (update: (devices: Device[]) => Device[]) => void;
  reloadDevices: () => void;
  reloadOverview: () => void;
}

/** Keeps the device list and the overview current from the account's live events. */
export function useLiveFleet({ devices, updateDevices, reloadDevices, reloadOverview }: Options) {
  const devicesRef = useLatest(devices);

  const refreshOverview = useThrottledCallback(reloadOverview, OVERVIEW_REFRESH_MS);
  const enqueue = useBatchedChanges(
    useCallback(
      (changes: LiveChange[]) => {
        const known = devicesRef.current;
        if (!known) return;
        updateDevices((current) => applyLiveChanges(current, changes));
        if (needsReload(known, changes)) reloadDevices();
      },
      [devicesRef, updateDevices, reloadDevices],
    ),
  );

  useLiveEvent('device.sample', (data) => {
    enqueue({ kind: 'sample', data });
    refreshOverview();
  });
  useLiveEvent('device.status', (data) => {
    enqueue({ kind: 'status', data });
    refreshOverview();
  });
  useLiveEvent('job', (data) => enqueue({ kind: 'job', data }));
  useLiveEvent('device.state', (data) => enqueue({ kind: 'state', data }));
  useLiveEvent('earning', () => refreshOverview());

  useInterval(refreshOverview, OVERVIEW_FALLBACK_MS);
}

/** Collects changes and hands them over together once per BATCH_MS. */
function useBatchedChanges(apply: (changes: LiveChange[]) => void) {
  const queue = useRef<LiveChange[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const applyRef = useLatest(apply);
  useEffect(() => () => clearTimeout(timer.current), []);

  return useCallback(
    (change: LiveChange) => {
      queue.current.push(change);
      if (timer.current !== undefined) return;
      timer.current = setTimeout(() => {
        const changes = queue.current;
        queue.current = [];
        timer.current = undefined;
        applyRef.current(changes);
      }, BATCH_MS);
    },
    [applyRef],
  );
}

/**
 * Calls `callback` at once if it has not run for `waitMs`, otherwise once when that time is up
 * (so the last event of a burst is never lost). It counts as having run on mount: the page has
 * just loaded what it would reload.
 */
export function useThrottledCallback(callback: () => void, waitMs: number): () => void {
  const lastRun = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const callbackRef = useLatest(callback);
  useEffect(() => {
    lastRun.current = Date.now();
    return () => clearTimeout(timer.current);
  }, []);

  return useCallback(() => {
    if (timer.current !== undefined) return;
    const run = () => {
      timer.current = undefined;
      lastRun.current = Date.now();
      callbackRef.current();
    };
    const wait = lastRun.current + waitMs - Date.now();
    if (wait <= 0) run();
    else timer.current = setTimeout(run, wait);
  }, [callbackRef, waitMs]);
}
