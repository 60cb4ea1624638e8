import { useSyncExternalStore } from 'react';

const TICK_MS = 5_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function tick() {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getNow = () => now;

/**
 * The current time, refreshed every few seconds by one shared timer. Only the small components
 * that show a relative time use it, so the ticking never re-renders a whole table row.
 */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow, getNow);
}
