/**
 * Runs `read(key)` once at a time per key. Callers that come while a read runs share the next
 * one, which starts when it ends: each caller gets a value read after it called, never an older
 * one, and a hot key costs one read in flight however many callers wait on it.
 *
 * @example
 * const fingerprint = coalesceReads((accountId: string) => readFingerprint(db, accountId));
 */
export function coalesceReads<K, V>(read: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const running = new Map<K, Promise<V>>();
  const queued = new Map<K, Promise<V>>();

  async function readAfter(key: K, before: Promise<V> | undefined): Promise<V> {
    await before?.catch(() => undefined);
    queued.delete(key);
    const current = read(key);
    running.set(key, current);
    try {
      return await current;
    } finally {
      if (running.get(key) === current) running.delete(key);
    }
  }

  return function coalescedRead(key) {
    let next = queued.get(key);
    if (!next) {
      next = readAfter(key, running.get(key));
      queued.set(key, next);
    }
    return next;
  };
}
