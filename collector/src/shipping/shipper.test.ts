import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskLog } from '../buffer/disk-log.js';
import { createInfluxWriter, type LineWriter } from './influx-writer.js';
import { Shipper } from './shipper.js';
import { backoffMs, classifyWriteFailure, WriteRefusedError } from './write-errors.js';

let dir: string;
let log: DiskLog;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iow-ship-'));
  log = await DiskLog.open({ dir, durable: false });
});
afterEach(async () => {
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

const lines = (from: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `host uptime_s=${from + i} ${1_700_000_000_000 + from + i}`,
  );

/** A LineWriter that answers from a script of outcomes (then succeeds) and records batches. */
function scriptedWriter(outcomes: (Error | 'ok')[] = []) {
  const sent: string[][] = [];
  const writer: LineWriter = {
    async write(batch) {
      const outcome = outcomes.shift() ?? 'ok';
      if (outcome !== 'ok') throw outcome;
      sent.push([...batch]);
    },
  };
  return { writer, sent };
}

const http = (status: number, headers: Record<string, string> = {}) =>
  new WriteRefusedError(status, '{"error":{"code":"x","message":"m"}}', headers);

describe('Shipper', () => {
  it('sends everything oldest first in batches of at most maxLines, then empties the log', async () => {
    await log.append(lines(0, 12));
    await log.append(lines(12, 3));
    const { writer, sent } = scriptedWriter();
    const shipper = new Shipper({ log, writer, intervalMs: 1000, maxLines: 5 });
    expect(await shipper.drain()).toEqual({ state: 'empty' });
    expect(sent.map((batch) => batch.length)).toEqual([5, 5, 5]);
    expect(sent.flat()).toEqual(lines(0, 15));
    expect(log.stats().bufferedPoints).toBe(0);
  });

  it('keeps data and backs off on 5xx, honouring Retry-After', async () => {
    await log.append(lines(0, 3));
    const { writer, sent } = scriptedWriter([http(503, { 'retry-after': '30' })]);
    const shipper = new Shipper({ log, writer, intervalMs: 1000, random: () => 0 });
    expect(await shipper.drain()).toEqual({ state: 'failed', retryInMs: 30_000 });
    expect(log.stats().bufferedPoints).toBe(3);
    expect(await shipper.drain()).toEqual({ state: 'empty' });
    expect(sent.flat()).toEqual(lines(0, 3));
  });

  it('retries network errors with growing, capped back-off', async () => {
    await log.append(lines(0, 1));
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { writer } = scriptedWriter(Array.from({ length: 12 }, () => refused));
    const shipper = new Shipper({ log, writer, intervalMs: 1000, random: () => 1 });
    const delays: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const result = await shipper.drain();
      if (result.state === 'failed') delays.push(result.retryInMs);
    }
    expect(delays.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(Math.max(...delays)).toBe(60_000);
    expect(log.stats().bufferedPoints).toBe(1);
  });

  it('drops and counts a batch the API rejects for good, then sends the rest', async () => {
    await log.append(lines(0, 4));
    await log.append(lines(4, 4));
    const { writer, sent } = scriptedWriter([http(400)]);
    const shipper = new Shipper({ log, writer, intervalMs: 1000, maxLines: 4 });
    expect(await shipper.drain()).toEqual({ state: 'empty' });
    expect(sent.flat()).toEqual(lines(4, 4));
    expect(log.stats()).toMatchObject({ droppedPoints: 4, bufferedPoints: 0 });
  });

  it('keeps everything when the credential is rejected, and picks up a new one', async () => {
    await log.append(lines(0, 2));
    const { writer } = scriptedWriter([http(401), http(403), http(401)]);
    const renewal: { writer?: LineWriter } = {};
    const shipper = new Shipper({
      log,
      writer,
      intervalMs: 1000,
      blockedRetryMs: 60_000,
      renewWriter: async () => renewal.writer,
    });
    expect(await shipper.drain()).toEqual({ state: 'failed', retryInMs: 60_000 });
    expect(await shipper.drain()).toEqual({ state: 'failed', retryInMs: 60_000 });
    expect(log.stats()).toMatchObject({ droppedPoints: 0, bufferedPoints: 2 });
    const fresh = scriptedWriter();
    renewal.writer = fresh.writer;
    expect(await shipper.drain()).toEqual({ state: 'empty' });
    expect(fresh.sent.flat()).toEqual(lines(0, 2));
  });

  it('stops within its flush timeout even when the API hangs, leaving data on disk', async () => {
    await log.append(lines(0, 2));
    const hanging: LineWriter = { write: () => new Promise(() => undefined) };
    const shipper = new Shipper({ log, writer: hanging, intervalMs: 1000 });
    shipper.start();
    const started = Date.now();
    expect(await shipper.stop({ timeoutMs: 300 })).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(log.stats().bufferedPoints).toBe(2);
  });

  it('sends on wake(), but a wake() during a back-off waits for it to end', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { writer, sent } = scriptedWriter([refused]);
    const shipper = new Shipper({ log, writer, intervalMs: 60_000, random: () => 1 });
    shipper.start();
    await log.append(lines(0, 1));
    shipper.wake(); // fails: backs off 1 s
    await new Promise((resolve) => setTimeout(resolve, 200));
    await log.append(lines(1, 1));
    shipper.wake(); // during the back-off: nothing sent yet
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sent.flat()).toEqual(lines(0, 2));
    await log.append(lines(2, 1));
    shipper.wake(); // after recovery: at once, not after intervalMs
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent.flat()).toEqual(lines(0, 3));
    expect(await shipper.stop({ timeoutMs: 1_000 })).toBe(true);
  });

  it('reports a network error from the real client as retryable', async () => {
    await log.append(lines(0, 1));
    const writer = createInfluxWriter({
      url: 'http://127.0.0.1:9',
      token: 'secret',
      timeoutMs: 2000,
    });
    const shipper = new Shipper({ log, writer, intervalMs: 1000, random: () => 0.5 });
    expect(await shipper.drain()).toEqual({ state: 'failed', retryInMs: 500 });
  });
});

describe('write failures', () => {
  it.each([
    [http(500), 'retry'],
    [http(502), 'retry'],
    [http(429), 'retry'],
    [http(408), 'retry'],
    [http(401), 'blocked'],
    [http(403), 'blocked'],
    [http(404), 'blocked'],
    [http(400), 'drop'],
    [http(413), 'drop'],
    [http(422), 'drop'],
    [new Error('socket hang up'), 'retry'],
  ])('%s → %s', (error, kind) => {
    expect(classifyWriteFailure(error).kind).toBe(kind);
  });

  it('honours Retry-After (read by @ioworker/contract retryAfterMs)', () => {
    expect(classifyWriteFailure(http(429, { 'retry-after': '7' }))).toMatchObject({
      retryAfterMs: 7000,
    });
  });

  it('draws full-jitter delays below an exponential ceiling capped at 60 s', () => {
    expect(backoffMs(1, () => 0.999)).toBeLessThanOrEqual(1000);
    expect(backoffMs(3, () => 0.5)).toBe(2000);
    expect(backoffMs(30, () => 1)).toBe(60_000);
    expect(backoffMs(5, () => 0)).toBe(0);
  });
});
