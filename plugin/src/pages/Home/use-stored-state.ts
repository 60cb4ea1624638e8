import { useEffect, useState } from 'react';

/**
 * State kept in sessionStorage, so the table's sort, filter and search survive a visit to a
 * device's page and back (the tab's session only: another tab starts afresh).
 */
export function useStoredState<T>(
  key: string,
  initial: T,
  isValid: (value: unknown) => value is T,
): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => read(key, initial, isValid));
  useEffect(() => {
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or blocked (private mode): the state simply is not remembered.
    }
  }, [key, value]);
  return [value, setValue];
}

function read<T>(key: string, initial: T, isValid: (value: unknown) => value is T): T {
  try {
    const stored = sessionStorage.getItem(key);
    if (stored === null) return initial;
    const parsed: unknown = JSON.parse(stored);
    return isValid(parsed) ? parsed : initial;
  } catch {
    return initial;
  }
}
