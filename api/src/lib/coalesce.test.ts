import { describe, expect, it } from 'vitest';
import { coalesceReads } from './coalesce.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((settle, fail) => ((resolve = settle), (reject = fail)));
  return { promise, resolve, reject };
}

describe('coalesceReads', () => {
  it('gives callers that came during a read the next one, read once for them all', async () => {
    const reads: ReturnType<typeof deferred<number>>[] = [];
    const read = coalesceReads((key: string) => {
      const next = deferred<number>();
      reads.push(next);
      return next.promise.then((value) => value + key.length);
    });
    const first = read('a');
    await Promise.resolve();
    const during = [read('a'), read('a')];
    const otherKey = read('bb');
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toHaveLength(2);

    reads[0]!.resolve(10);
    reads[1]!.resolve(20);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toHaveLength(3);
    reads[2]!.resolve(30);
    expect(await first).toBe(11);
    expect(await Promise.all(during)).toEqual([31, 31]);
    expect(await otherKey).toBe(22);
  });

  it('reads again after a failed read', async () => {
    let calls = 0;
    const failing = deferred<number>();
    const read = coalesceReads(async () => (++calls === 1 ? failing.promise : calls));
    const first = read('a');
    await Promise.resolve();
    const second = read('a');
    failing.reject(new Error('down'));
    await expect(first).rejects.toThrow('down');
    expect(await second).toBe(2);
  });
});
