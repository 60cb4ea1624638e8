import { useCallback, useEffect, useRef } from 'react';
import { useLatest } from '../../hooks/useLatest';

/**
 * A stable function that calls the latest `callback` `delayMs` after the first of a burst of
 * calls: many live events (jobs ending together) become one reload, and a steady stream of them
 * still reloads every `delayMs` rather than never.
 */
export function useDebounced(callback: () => void, delayMs: number): () => void {
  const callbackRef = useLatest(callback);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      callbackRef.current();
    }, delayMs);
  }, [callbackRef, delayMs]);
}
