import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProcFile } from './proc-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iow-proc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openProcFile', () => {
  it.runIf(process.platform === 'linux')('reads a procfs file afresh each time', () => {
    const stat = openProcFile('/proc/self/stat', 16); // smaller than the file: it grows
    const first = stat.read();
    expect(first).toMatch(new RegExp(`^${process.pid} \\(`));
    for (let i = 0; i < 1e6; i += 1) Math.sqrt(i); // some CPU time, so utime may move
    expect(stat.read().split(' ').length).toBe(first.split(' ').length);
    stat.close();
  });

  it('reads the whole content from the start, whatever its size, and opens again after a failure', async () => {
    const file = path.join(dir, 'counter');
    await writeFile(file, '12\n');
    const counter = openProcFile(file, 4);
    expect(counter.read()).toBe('12\n');
    await writeFile(file, '1234567890\n');
    expect(counter.read()).toBe('1234567890\n');
    await rm(file);
    // Still open: the content of the removed file.
    expect(counter.read()).toBe('1234567890\n');
    counter.close();
    expect(() => counter.read()).toThrow(/ENOENT/);
    await writeFile(file, '7\n');
    expect(counter.read()).toBe('7\n');
    counter.close();
  });
});
