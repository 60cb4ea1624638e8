import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-support/fixtures.js';
import { DiskLog, type DiskLogOptions } from './disk-log.js';

const DAY_MS = 24 * 60 * 60 * 1000;
let dir: string;
const opened: DiskLog[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iow-log-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((log) => log.close().catch(() => undefined)));
  await rm(dir, { recursive: true, force: true });
});

async function openLog(options: Partial<DiskLogOptions> = {}) {
  const log = await DiskLog.open({ dir, durable: false, ...options });
  opened.push(log);
  return log;
}

/** `count` lines of about 100 bytes, numbered from `from`. */
function lines(from: number, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) =>
      `gpu,gpu=0 temperature_c=${from + i},pad="${'x'.repeat(60)}" ${1_700_000_000_000 + from + i}`,
  );
}

/** Reads and acknowledges everything, returning the lines in order. */
async function drain(log: DiskLog, maxLines = 1000): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const batch = await log.readBatch({ maxLines, maxBytes: 4 * 1024 * 1024 });
    if (!batch) return out;
    out.push(...batch.lines);
    await log.ack(batch);
  }
}

const segmentFiles = async () => (await readdir(dir)).filter((name) => name.endsWith('.lp'));

describe('DiskLog', () => {
  it('reads oldest first, and lines stay until acknowledged', async () => {
    const log = await openLog();
    await log.append(lines(0, 3));
    await log.append(lines(3, 2));
    const first = await log.readBatch({ maxLines: 4, maxBytes: 1 << 20 });
    expect(first?.lines).toEqual(lines(0, 4));
    const again = await log.readBatch({ maxLines: 4, maxBytes: 1 << 20 });
    expect(again?.lines).toEqual(lines(0, 4));
    expect(log.stats().bufferedPoints).toBe(5);
    await log.ack(first!);
    expect(log.stats().bufferedPoints).toBe(1);
    expect(await drain(log)).toEqual(lines(4, 1));
    expect(await log.readBatch({ maxLines: 10, maxBytes: 1 << 20 })).toBeUndefined();
  });

  it('keeps batches within the byte limit', async () => {
    const log = await openLog();
    await log.append(lines(0, 50));
    const batch = await log.readBatch({ maxLines: 5000, maxBytes: 1000 });
    expect(batch!.lines.length).toBeGreaterThan(0);
    expect(batch!.lines.join('\n').length).toBeLessThanOrEqual(1000);
  });

  it('loses nothing over a restart, even without close (kill -9)', async () => {
    const log = await openLog({ segmentBytes: 2048, commitEveryMs: 0 });
    for (let i = 0; i < 10; i += 1) await log.append(lines(i * 5, 5));
    const batch = await log.readBatch({ maxLines: 12, maxBytes: 1 << 20 });
    await log.ack(batch!);
    // No close(): the first instance just stops, as a killed process would.
    const reopened = await openLog({ segmentBytes: 2048 });
    expect(reopened.stats().bufferedPoints).toBe(38);
    await reopened.append(lines(50, 2));
    expect(await drain(reopened, 7)).toEqual(lines(12, 40));
    expect(await segmentFiles()).toHaveLength(1);
  });

  it('a process killed (SIGKILL) between commits loses no appended line, and resends only what was acknowledged since the last commit', async () => {
    // A real process, killed by the kernel: what it appended is in the page cache, not yet on
    // the disk (the commit is 60 s away), and its acknowledgements are not saved yet.
    const script = path.join(dir, 'writer.mts');
    await writeFile(
      script,
      [
        `import { DiskLog } from ${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'disk-log.ts')).href)};`,
        `const log = await DiskLog.open({ dir: ${JSON.stringify(dir)}, commitEveryMs: 60_000 });`,
        `const lines = ${lines.toString()};`,
        'for (let i = 0; i < 10; i += 1) await log.append(lines(i * 5, 5));',
        'await log.commit();',
        'const first = await log.readBatch({ maxLines: 12, maxBytes: 1 << 20 });',
        'await log.ack(first);',
        'await log.commit();',
        'for (let i = 10; i < 20; i += 1) await log.append(lines(i * 5, 5));',
        'const second = await log.readBatch({ maxLines: 20, maxBytes: 1 << 20 });',
        'await log.ack(second);',
        "console.log('ready');",
        'setInterval(() => undefined, 1_000);',
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for await (const line of createInterface({ input: child.stdout! })) if (line === 'ready') break;
    child.kill('SIGKILL');
    await once(child, 'exit');

    const reopened = await openLog();
    // Committed: the first 12 lines; the next 20 were acknowledged after it, so sent again.
    expect(reopened.stats().bufferedPoints).toBe(100 - 12);
    expect(await drain(reopened)).toEqual(lines(12, 88));
  }, 30_000);

  it('commits at most every commitEveryMs: the acknowledged position is saved then', async () => {
    let now = 1_000_000;
    const log = await openLog({ now: () => now, commitEveryMs: 10_000 });
    const saved = async () =>
      (JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as { cursor: object })
        .cursor;
    const atOpen = await saved();
    await log.append(lines(0, 3));
    await log.ack((await log.readBatch({ maxLines: 10, maxBytes: 1 << 20 }))!);
    now += 9_000;
    await log.append(lines(3, 3));
    expect(await saved()).toEqual(atOpen);
    now += 1_000;
    await log.append(lines(6, 3)); // the commit is due with this append
    expect(await saved()).toMatchObject({ line: 3 });
    await log.ack((await log.readBatch({ maxLines: 10, maxBytes: 1 << 20 }))!);
    await log.commit();
    expect(await saved()).toMatchObject({ line: 9 });
  });

  it('sends lines past its in-memory share from the segment files, in order', async () => {
    const log = await openLog();
    // 1.5 MB: more than the newest lines kept in memory (1 MiB).
    for (let i = 0; i < 1_500; i += 1) await log.append(lines(i * 10, 10));
    expect(await drain(log, 4_000)).toEqual(lines(0, 15_000));
    await log.append(lines(15_000, 2));
    expect(await drain(log)).toEqual(lines(15_000, 2));
  });

  it('acknowledges across segments and deletes fully sent ones', async () => {
    const log = await openLog({ segmentBytes: 1024 });
    for (let i = 0; i < 20; i += 1) await log.append(lines(i * 3, 3));
    expect((await segmentFiles()).length).toBeGreaterThan(3);
    expect(await drain(log, 25)).toEqual(lines(0, 60));
    expect(log.stats()).toMatchObject({ bufferedPoints: 0, droppedPoints: 0 });
    expect(await segmentFiles()).toHaveLength(1);
  });

  it('drops the oldest segments over the size bound, and counts their points across restarts', async () => {
    const log = await openLog({ maxBytes: 10_000, segmentBytes: 2_000 });
    for (let i = 0; i < 40; i += 1) await log.append(lines(i * 5, 5));
    const { bytes, droppedPoints, bufferedPoints } = log.stats();
    expect(bytes).toBeLessThanOrEqual(10_000 + 2_000);
    expect(droppedPoints).toBeGreaterThan(0);
    expect(droppedPoints + bufferedPoints).toBe(200);
    const kept = await drain(log);
    expect(kept).toEqual(lines(200 - kept.length, kept.length));
    await log.close();
    const reopened = await openLog({ maxBytes: 10_000, segmentBytes: 2_000 });
    expect(reopened.stats().droppedPoints).toBe(droppedPoints);
  });

  it('stays consistent when the bound drops a batch that is being sent', async () => {
    const log = await openLog({ maxBytes: 10_000, segmentBytes: 2_000 });
    await log.append(lines(0, 10));
    const inFlight = await log.readBatch({ maxLines: 10, maxBytes: 1 << 20 });
    for (let i = 1; i < 30; i += 1) await log.append(lines(i * 10, 10));
    await log.ack(inFlight!); // its segment is gone already
    const { droppedPoints, bufferedPoints } = log.stats();
    expect(droppedPoints).toBeGreaterThanOrEqual(10);
    expect(droppedPoints + bufferedPoints).toBe(300);
    expect(await drain(log)).toHaveLength(bufferedPoints);
  });

  it('drops segments older than the age bound', async () => {
    let now = Date.now();
    const log = await openLog({ now: () => now, segmentAgeMs: 60 * 60 * 1000 });
    await log.append(lines(0, 4));
    now += 2 * 60 * 60 * 1000;
    await log.append(lines(4, 3)); // a new segment: the first is an hour old
    now += 7 * DAY_MS + 1000;
    await log.append(lines(7, 1));
    expect(log.stats()).toMatchObject({ droppedPoints: 7, bufferedPoints: 1 });
    expect(await drain(log)).toEqual(lines(7, 1));
  });

  it('drops old segments found at start-up', async () => {
    const first = await openLog();
    await first.append(lines(0, 3));
    await first.close();
    const later = await openLog({ now: () => Date.now() + 8 * DAY_MS });
    expect(later.stats()).toMatchObject({ droppedPoints: 3, bufferedPoints: 0 });
  });

  it('ignores a partially written last line after a crash', async () => {
    const log = await openLog();
    await log.append(lines(0, 2));
    const [segment] = await segmentFiles();
    await appendFile(path.join(dir, segment!), 'gpu,gpu=0 temperature_c=4'); // cut mid-line
    const reopened = await openLog();
    expect(reopened.stats().bufferedPoints).toBe(2);
    await reopened.append(lines(2, 2));
    expect(await drain(reopened)).toEqual(lines(0, 4));
  });

  it('counts a batch the API can never accept as dropped', async () => {
    const log = await openLog();
    await log.append(lines(0, 3));
    const batch = await log.readBatch({ maxLines: 10, maxBytes: 1 << 20 });
    await log.ack(batch!, 'dropped');
    expect(log.stats()).toMatchObject({ droppedPoints: 3, bufferedPoints: 0 });
  });

  it('survives a damaged state file by resending from the oldest segment', async () => {
    const log = await openLog();
    await log.append(lines(0, 2));
    await log.close();
    await writeFile(path.join(dir, 'state.json'), '{"cursor": nonsense');
    const reopened = await openLog();
    expect(await drain(reopened)).toEqual(lines(0, 2));
  });

  it('refuses a buffer directory another live process holds', async () => {
    await writeFile(path.join(dir, 'lock'), String(process.ppid));
    await expect(DiskLog.open({ dir })).rejects.toThrow(/Another collector/);
    await writeFile(path.join(dir, 'lock'), '999999999'); // a dead process: taken over
    await openLog();
    expect(await readFile(path.join(dir, 'lock'), 'utf8')).toBe(String(process.pid));
  });
});
