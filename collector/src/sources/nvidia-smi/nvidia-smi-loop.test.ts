import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  installFakeNvidiaSmi,
  nvidiaFixture,
  type FakeNvidiaSmi,
} from '../../test-support/fixtures.js';
import { parseLine } from '../../test-support/line-protocol.js';
import { encodeLines } from '../../telemetry/encode-lines.js';
import type { GpuSource } from '../source.js';
import { createNvidiaSmiSource } from './nvidia-smi-source.js';
import { startQueryLoop, type QueryLoop } from './query-loop.js';
import { createQueryPlans } from './query-plans.js';
import { runCommand } from '../../lib/run-command.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const INTERVAL_MS = 100;
const V100S = '8x-tesla-v100s-pcie-32gb_460.73.01_xml';
const noXids = async () => undefined;

let fake: FakeNvidiaSmi | undefined;
let source: GpuSource | undefined;
let loop: QueryLoop | undefined;
afterEach(async () => {
  await source?.stop?.();
  await loop?.stop();
  await fake?.cleanup();
  source = undefined;
  loop = undefined;
  fake = undefined;
});

async function loopSource(slug = V100S) {
  fake = await installFakeNvidiaSmi(nvidiaFixture(slug));
  source = createNvidiaSmiSource({
    binary: fake.binary,
    readXids: noXids,
    loopIntervalMs: INTERVAL_MS,
    timeoutMs: 1_000,
  });
  return { fake, source };
}

async function sample(from: GpuSource, time: Date) {
  const lines = encodeLines(await from.gather(time)).map(parseLine);
  const gpus = lines.filter((line) => line.measurement === 'gpu');
  return {
    up: lines.find((line) => line.tags.name === 'nvidia_driver')?.fields.up,
    count: gpus.length,
    gpus,
  };
}

const loopCalls = async (smi: FakeNvidiaSmi) =>
  (await smi.calls()).filter((call) => call.includes(' -lms '));
const oneOffQueries = async (smi: FakeNvidiaSmi) =>
  (await smi.calls()).filter((call) => call.startsWith('--query-gpu=') && !call.includes('-lms'));
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('nvidia-smi source with a long-lived child (-lms)', () => {
  it('reads every GPU of each refresh from one child, and stops it', async () => {
    const { fake, source } = await loopSource();
    for (let second = 0; second < 4; second += 1) {
      const { up, count, gpus } = await sample(source, at(second));
      expect({ up, count }).toEqual({ up: 1, count: 8 });
      expect(gpus[1]?.fields).toMatchObject({ temperature_c: 58, power_w: 152.03 });
      expect(gpus.map((line) => line.tags.gpu)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
      await delay(2 * INTERVAL_MS);
    }
    const [call, ...others] = await loopCalls(fake);
    expect(others).toEqual([]);
    expect(call).toMatch(/^--query-gpu=index,.*,name --format=csv,noheader,nounits -lms 100$/);
    expect(await oneOffQueries(fake)).toEqual([]);
    const [pid] = await fake.loopPids();
    await source.stop?.();
    expect(isAlive(pid!)).toBe(false);
  });

  it('joins lines that arrive in pieces', async () => {
    const { fake, source } = await loopSource();
    await fake.setMode('split');
    await sample(source, at(0));
    await delay(3 * INTERVAL_MS);
    const { count, gpus } = await sample(source, at(1));
    expect(count).toBe(8);
    expect(new Set(gpus.map((line) => line.tags.model))).toEqual(
      new Set(['Tesla V100S-PCIE-32GB']),
    );
    expect(new Set(gpus.map((line) => line.tags.uuid)).size).toBe(8);
    expect(gpus[7]?.fields).toMatchObject({ mem_clock_mhz: 1107, throttled: 0 });
  });

  it('follows a change in the number of GPUs from one refresh to the next', async () => {
    const { fake, source } = await loopSource();
    expect((await sample(source, at(0))).count).toBe(8);
    await fake.setGpuCount(3);
    await delay(3 * INTERVAL_MS);
    expect((await sample(source, at(1))).count).toBe(3);
    await fake.setGpuCount(undefined);
    await delay(3 * INTERVAL_MS);
    expect((await sample(source, at(2))).count).toBe(8);
    expect(await loopCalls(fake)).toHaveLength(1);
  });

  it('restarts a child that exited at once, asking the (updated) driver for its fields again', async () => {
    const { fake, source } = await loopSource();
    expect((await sample(source, at(0))).count).toBe(8);
    await fake.setFixture(nvidiaFixture('quadro-p400_418.43_xml'));
    const [first] = await fake.loopPids();
    process.kill(first!, 'SIGKILL');
    await delay(INTERVAL_MS);
    const { up, gpus } = await sample(source, at(1));
    expect(up).toBe(1);
    expect(gpus.map((line) => line.tags.model)).toEqual(['Quadro P400']);
    const calls = await fake.calls();
    expect(calls.filter((call) => call === '--help-query-gpu')).toHaveLength(2);
    expect((await loopCalls(fake))[1]).toContain('clocks_throttle_reasons.hw_slowdown');
  });

  it('kills a hung child, reads one process per sample meanwhile, and backs off before the next start', async () => {
    const { fake, source } = await loopSource();
    expect((await sample(source, at(0))).count).toBe(8);
    const [hung] = await fake.loopPids();
    await fake.setMode('hang');
    await delay(1_300);
    // Silent past the timeout: killed, and started again at once, but the driver hangs (its
    // --help-query-gpu too), and so does a one-off query.
    expect(await sample(source, at(2))).toMatchObject({ up: 0, count: 0 });
    expect(isAlive(hung!)).toBe(false);
    const helps = async () => (await fake.calls()).filter((call) => call === '--help-query-gpu');
    expect(await helps()).toHaveLength(3);
    await fake.setMode(undefined);
    expect(await sample(source, at(3))).toMatchObject({ up: 1, count: 8 });
    expect(await oneOffQueries(fake)).toHaveLength(1);
    expect(await fake.loopPids()).toHaveLength(1);
    // The second failed start set a 10 s back-off.
    expect(await sample(source, at(13))).toMatchObject({ up: 1, count: 8 });
    expect(await fake.loopPids()).toHaveLength(2);
    expect(await oneOffQueries(fake)).toHaveLength(1);
  });

  it('keeps one process per sample where loop mode does not run', async () => {
    const { fake, source } = await loopSource();
    await fake.setMode('no-loop');
    for (const second of [0, 1, 2, 5]) {
      expect(await sample(source, at(second))).toMatchObject({ up: 1, count: 8 });
    }
    // Tried at 0 s, again at once at 1 s, then not within the 10 s back-off.
    expect(await loopCalls(fake)).toHaveLength(2);
    expect(await oneOffQueries(fake)).toHaveLength(4);
  });
});

describe('query loop output', () => {
  it('drops a line left unfinished when the child exits', async () => {
    fake = await installFakeNvidiaSmi(nvidiaFixture(V100S));
    await fake.setMode('cut');
    const command = { binary: fake.binary, run: runCommand, timeoutMs: 5_000 };
    const plan = await createQueryPlans(command).current();
    loop = startQueryLoop({ binary: fake.binary, plan, intervalMs: INTERVAL_MS });
    expect(await loop.firstRefresh(5_000)).toHaveLength(8);
    while (loop.exitReason() === undefined) await delay(20);
    expect(loop.exitReason()).toMatch(/-lms exited with 0$/);
    const names = loop.latest()!.map((row) => row.at(-1));
    expect(names).toEqual(Array(8).fill('Tesla V100S-PCIE-32GB'));
  });
});
