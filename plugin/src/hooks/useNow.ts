import { useCallback, useSyncExternalStore } from 'react';

/** Often enough for "5 s ago"; a countdown in seconds asks for 1,000. */
const RELATIVE_TIME_MS = 5_000;

interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

/** One clock per interval, shared by every component that asks for it. */
const clocks = new Map<number, Clock>();

function clockFor(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set(), timer: undefined };
    clocks.set(intervalMs, clock);
  }
  return clock;
}

function subscribe(intervalMs: number, listener: () => void): () => void {
  const clock = clockFor(intervalMs);
  clock.listeners.add(listener);
  if (clock.timer === undefined) {
    clock.now = Date.now();
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      for (const notify of clock.listeners) notify();
    }, intervalMs);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer !== undefined) {
      clearInterval(clock.timer);
      clock.timer = undefined;
    }
  };
}

function read(intervalMs: number): number {
  const clock = clockFor(intervalMs);
  // A stopped clock would hand the first component of a later visit an old time.
  if (clock.timer === undefined && Date.now() - clock.now >= intervalMs) clock.now = Date.now();
  return clock.now;
}

/**
 * The current time, refreshed every `intervalMs` by one timer shared by every component that
 * asks for the same interval. Only the small components that show a relative time should use
 * it, so that the ticking never re-renders a whole table row.
 *
 * @example
 * const now = useNow(1000); // a countdown that moves every second
 */
export function useNow(intervalMs = RELATIVE_TIME_MS): number {
  const subscribeToClock = useCallback(
    (listener: () => void) => subscribe(intervalMs, listener),
    [intervalMs],
  );
  const getNow = useCallback(() => read(intervalMs), [intervalMs]);
  return useSyncExternalStore(subscribeToClock, getNow, getNow);
}
