import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is collector/src/test-support/fixtures.ts). */
export const REPO_ROOT = path.resolve(fileURLToPath(import.meta.url), '../../../..');
export const FAKE_NVIDIA_SMI = path.join(REPO_ROOT, 'collector/test/fake-nvidia-smi.mjs');
export const CLI = path.join(REPO_ROOT, 'collector/src/cli.ts');

export { NVIDIA_FIXTURES_DIR, nvidiaFixture } from '@ioworker/tools/fixtures';

/** See collector/test/fake-nvidia-smi.mjs for what each mode does. */
export type FakeMode = 'hang' | 'fail' | 'split' | 'cut' | 'no-loop';

export type FakeNvidiaSmi = {
  binary: string;
  dir: string;
  /** The argument lists it was called with, oldest first. */
  calls(): Promise<string[]>;
  /** The process ids of its loop-mode (`-lms`) runs, oldest first. */
  loopPids(): Promise<number[]>;
  setMode(mode: FakeMode | undefined): Promise<void>;
  /** Limits each loop refresh to the first `count` GPUs (undefined: all). */
  setGpuCount(count: number | undefined): Promise<void>;
  /** Replays another fixture from the next start on, as after a driver update. */
  setFixture(fixtureFile: string): Promise<void>;
  cleanup(): Promise<void>;
};

async function setSidecar(file: string, value: string | undefined): Promise<void> {
  if (value === undefined) await rm(file, { force: true });
  else await writeFile(file, value);
}

async function linesOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

/**
 * Installs the fake nvidia-smi (an executable Node script) in a temp dir, replaying
 * `fixtureFile`. `edit` rewrites the fixture first (the copy sits beside the alias list).
 */
export async function installFakeNvidiaSmi(
  fixtureFile: string,
  edit?: (fixture: { gpus: Record<string, string>[] }) => void,
): Promise<FakeNvidiaSmi> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iow-fake-smi-'));
  const binary = path.join(dir, 'nvidia-smi');
  await copyFile(FAKE_NVIDIA_SMI, binary);
  await chmod(binary, 0o755);
  let replayed = fixtureFile;
  if (edit) {
    const fixture = JSON.parse(await readFile(fixtureFile, 'utf8'));
    edit(fixture);
    replayed = path.join(dir, path.basename(fixtureFile));
    await writeFile(replayed, JSON.stringify(fixture));
    await copyFile(
      path.join(path.dirname(fixtureFile), 'help-query-gpu.fields.json'),
      path.join(dir, 'help-query-gpu.fields.json'),
    );
  }
  await writeFile(path.join(dir, 'fixture.txt'), replayed);
  return {
    binary,
    dir,
    calls: () => linesOf(path.join(dir, 'calls.log')),
    loopPids: async () => (await linesOf(path.join(dir, 'pids.log'))).map(Number),
    setMode: (mode) => setSidecar(path.join(dir, 'mode.txt'), mode),
    setGpuCount: (count) => setSidecar(path.join(dir, 'gpu-count.txt'), count?.toString()),
    setFixture: (file) => writeFile(path.join(dir, 'fixture.txt'), file),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
