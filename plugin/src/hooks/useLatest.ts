import { useEffect, useRef } from 'react';

/**
 * A ref that holds the latest `value`: timers, subscriptions and effects call through it, so a
 * new callback on each render neither restarts them nor runs a stale one.
 *
 * @example
 * const onTickRef = useLatest(onTick);
 * useEffect(() => subscribe(() => onTickRef.current()), []);
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  }, [value]);
  return ref;
}
