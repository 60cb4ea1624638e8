/**
 * A map that forgets its least recently used entries once their weights add up to more than
 * `maxWeight`; an entry heavier than that on its own is not kept at all.
 *
 * @example
 * const lists = createLru<string, Buffer>(64 * 1024 * 1024, (bytes) => bytes.byteLength);
 */
export function createLru<K, V>(maxWeight: number, weigh: (value: V) => number) {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const entries = new Map<K, { value: V; weight: number }>();
  let total = 0;

  function remove(key: K): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    total -= entry.weight;
  }

  return {
    get(key: K): V | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key: K, value: V): void {
      remove(key);
      const weight = weigh(value);
      if (weight > maxWeight) return;
      entries.set(key, { value, weight });
      total += weight;
      for (const oldest of entries.keys()) {
        if (total <= maxWeight) break;
        remove(oldest);
      }
    },
  };
}
