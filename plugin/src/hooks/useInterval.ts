import { useEffect } from 'react';
import { useLatest } from './useLatest';

/**
 * Calls `callback` every `intervalMs` while the component is mounted; `undefined` pauses it.
 * The latest `callback` runs, so it need not be memoised, and a new one does not restart the
 * timer.
 *
 * @example
 * useInterval(() => document.hidden || reload(), 15_000);
 */
export function useInterval(callback: () => void, intervalMs: number | undefined): void {
  const callbackRef = useLatest(callback);
  useEffect(() => {
    if (intervalMs === undefined) return undefined;
    const timer = setInterval(() => callbackRef.current(), intervalMs);
    return () => clearInterval(timer);
  }, [callbackRef, intervalMs]);
}
