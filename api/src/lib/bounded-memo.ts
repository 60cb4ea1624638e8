/**
 * Remembers what `compute` gave for each key, forgetting everything once `maxEntries` are held:
 * for checks a fleet repeats on every line (the same few tag values), where a lookup must cost
 * no more than a Map's and an occasional recompute is cheap.
 *
 * @example
 * const checked = createBoundedMemo<string, boolean>(10_000);
 * checked.get(value, () => isValid(value));
 */
export function createBoundedMemo<K, V>(maxEntries: number) {
  const entries = new Map<K, V>();
  const remember = (key: K, value: V) => {
    if (entries.size >= maxEntries) entries.clear();
    entries.set(key, value);
  };
  return {
    get(key: K, compute: () => V): V {
      if (entries.has(key)) return entries.get(key) as V;
      const value = compute();
      remember(key, value);
      return value;
    },
    /** What is held for `key`, computing nothing. */
    peek(key: K): V | undefined {
      return entries.get(key);
    },
    set: remember,
    clear(): void {
      entries.clear();
    },
  };
}
