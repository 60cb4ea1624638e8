import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskLog } from './buffer/disk-log.js';
import { NO_NVIDIA_SMI } from './commands/gpu-source.js';
import {
  CLI,
  installFakeNvidiaSmi,
  nvidiaFixture,
  REPO_ROOT,
  type FakeNvidiaSmi,
} from './test-support/fixtures.js';
import { parseLine } from './test-support/line-protocol.js';

type Result = { code: number | null; stdout: string; stderr: string };

let tmp: string;
let configFile: string;
let fake: FakeNvidiaSmi;

/** Nothing listens on port 9 (discard) here: the API is unreachable. */
const UNREACHABLE = 'http://127.0.0.1:9';

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'iow-cli-'));
  configFile = path.join(tmp, 'collector.json');
  await writeFile(
    configFile,
    JSON.stringify({
      apiUrl: UNREACHABLE,
      deviceId: 'dev-test',
      credential: 'iowd_test_credential',
      ingestUrl: UNREACHABLE,
    }),
    { mode: 0o600 },
  );
  fake = await installFakeNvidiaSmi(nvidiaFixture('8x-tesla-v100s-pcie-32gb_460.73.01_xml'));
});
afterAll(async () => {
  await fake.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

/** The CLI as a real process; PATH holds only node's folder, so no nvidia-smi is found. */
function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: path.dirname(process.execPath),
      HOME: tmp,
      IOW_CONFIG: path.join(tmp, 'absent.json'),
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Result>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

const runCli = (args: string[], env?: Record<string, string>) => cli(args, env).done;

describe('io-worker-collector', () => {
  it.concurrent.each(['enroll', 'run', 'sample'])(
    '%s --help explains the command',
    async (name) => {
      const { code, stdout } = await runCli([name, '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: io-worker-collector ${name} `));
      expect(stdout).toContain('--config FILE');
    },
  );

  it.concurrent('--help lists the commands; a wrong option is a usage error', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/enroll[\s\S]*run[\s\S]*sample/);
    const wrong = await runCli(['sample', '--interval', '5']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Unknown option '--interval'/);
  });

  it.concurrent(
    'run refuses a flush interval that would show the device offline between sends',
    async () => {
      const slow = await runCli(['run', '--interval', '1', '--flush-interval', '5']);
      expect(slow.code).toBe(2);
      expect(slow.stderr).toMatch(/--flush-interval must be between 1 and 2/);
    },
  );

  it.concurrent('run and sample refuse a --watch entry that is not KIND:NAME', async () => {
    const env = { IOW_CONFIG: configFile };
    const run = await runCli(
      ['run', '--source', 'simulated', '--watch', 'systemd:ray-worker', '--watch', 'ray,x:y'],
      env,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--watch: "ray" is not KIND:NAME');
    expect(run.stderr).toContain('"x:y" is not KIND:NAME');
    const sample = await runCli(
      ['sample', '--source', 'simulated', '--watch', 'container:-x'],
      env,
    );
    expect(sample.code).toBe(2);
    expect(sample.stderr).toMatch(/NAME must start with a letter or digit/);
  });

  it.concurrent('sample --source simulated prints valid gpu, host and service lines', async () => {
    const before = Date.now();
    const { code, stdout } = await runCli(
      ['sample', '--source', 'simulated', '--gpus', '3', '--seed', '4'],
      { IOW_CONFIG: configFile },
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map(parseLine);
    const gpus = lines.filter((line) => line.measurement === 'gpu');
    expect(gpus.map((line) => line.tags.gpu)).toEqual(['0', '1', '2']);
    expect(gpus[0]?.intFields).toEqual(expect.arrayContaining(['throttled', 'xid_errors']));
    const host = lines.find((line) => line.measurement === 'host');
    expect(host?.fields).toMatchObject({ agent_version: expect.any(String) });
    expect(host?.fields.mem_total_mib).toBeGreaterThan(0);
    expect(host?.fields.collect_ms).toBeGreaterThanOrEqual(0);
    const api = lines.find((line) => line.measurement === 'service' && line.tags.name === 'api');
    expect(api?.fields).toEqual({ up: 0 });
    expect(lines.some((line) => line.tags.name === 'nvidia_driver')).toBe(false);
    for (const line of lines) {
      expect(line.timestamp).toBeGreaterThanOrEqual(before);
      expect(line.timestamp).toBeLessThanOrEqual(Date.now());
    }
  });

  it.concurrent('sample --source nvidia-smi reads the GPUs through the given binary', async () => {
    const { code, stdout } = await runCli([
      'sample',
      '--source',
      'nvidia-smi',
      '--nvidia-smi',
      fake.binary,
    ]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map(parseLine);
    const gpus = lines.filter((line) => line.measurement === 'gpu');
    expect(gpus).toHaveLength(8);
    expect(gpus[7]?.tags).toMatchObject({ gpu: '7', model: 'Tesla V100S-PCIE-32GB' });
    const driver = lines.find((line) => line.tags.name === 'nvidia_driver');
    expect(driver?.fields).toEqual({ up: 1 });
  });

  it.concurrent('run --source auto without nvidia-smi says what to do and fails', async () => {
    const { code, stdout, stderr } = await runCli([
      'run',
      '--source',
      'auto',
      '--config',
      configFile,
    ]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(NO_NVIDIA_SMI);
    expect(stdout).toBe('');
  });

  it.concurrent('run on a machine that is not enrolled tells how to enroll', async () => {
    const { code, stderr } = await runCli(['run', '--source', 'simulated']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not enrolled .*io-worker-collector enroll --api URL --token TOKEN/);
  });

  it.concurrent('enroll with an unreachable API fails without printing the token', async () => {
    const token = 'iowe_SECRETTOKEN123';
    const { code, stdout, stderr } = await runCli([
      'enroll',
      '--api',
      UNREACHABLE,
      '--token',
      token,
      '--config',
      path.join(tmp, 'enrolled.json'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Could not reach the API at http:\/\/127\.0\.0\.1:9/);
    expect(stdout + stderr).not.toContain(token);
  });

  it.concurrent('enroll takes either --token or --fleet-token, never both', async () => {
    const api = ['enroll', '--api', UNREACHABLE];
    const both = await runCli([...api, '--token', 'iowe_x', '--fleet-token', 'iowf_x']);
    const neither = await runCli(api);
    for (const { code, stderr } of [both, neither]) {
      expect(code).toBe(2);
      expect(stderr).toMatch(/give either --token or --fleet-token/);
    }
  });

  it('run buffers samples on disk while the API is unreachable and exits 0 on SIGTERM', async () => {
    const bufferDir = path.join(tmp, 'buffer');
    const { child, done } = cli(
      [
        'run',
        '--source',
        'simulated',
        '--interval',
        '1',
        '--config',
        configFile,
        '--buffer-dir',
        bufferDir,
      ],
      { IOW_CONFIG: '' },
    );
    const bufferedLines = async () => {
      const files = (await readdir(bufferDir).catch(() => [])).filter((f) => f.endsWith('.lp'));
      const texts = await Promise.all(files.map((f) => readFile(path.join(bufferDir, f), 'utf8')));
      return texts.join('').split('\n').filter(Boolean);
    };
    // Two samples of 2 GPUs + host + api service each.
    while ((await bufferedLines()).length < 8) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    const { code, stdout, stderr } = await done;
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /started: device dev-test, source simulated, every 1 s, sending every 2 s/,
    );
    expect(stdout).toMatch(/stopped; \d+ points stay buffered on disk/);
    expect(stderr).toMatch(/cannot send to the API \(ECONNREFUSED/);
    expect(stdout + stderr).not.toContain('iowd_test_credential');

    const lines = await bufferedLines();
    const measurements = new Set(lines.map((line) => parseLine(line).measurement));
    expect(measurements).toEqual(new Set(['gpu', 'host', 'service']));
    const host = lines.map(parseLine).find((line) => line.measurement === 'host');
    expect(host?.fields).toMatchObject({ interval_s: 1, dropped_points: 0 });
    const log = await DiskLog.open({ dir: bufferDir });
    expect(log.stats().bufferedPoints).toBe(lines.length);
    await log.close();
  });

  describe('run, stopped by signals', () => {
    /** A collector sending to `ingestUrl`, once it has said it started (its handlers are set). */
    async function startedRun(name: string, ingestUrl: string) {
      const config = path.join(tmp, `${name}.json`);
      const enrolled = { apiUrl: ingestUrl, deviceId: name, credential: 'iowd_x', ingestUrl };
      await writeFile(config, JSON.stringify(enrolled), { mode: 0o600 });
      const buffer = path.join(tmp, `${name}-buffer`);
      const run = cli(
        ['run', '--source', 'simulated', '--config', config, '--buffer-dir', buffer],
        {
          IOW_CONFIG: '',
        },
      );
      await new Promise<void>((resolve) => {
        const onOutput = (chunk: Buffer) => {
          if (!chunk.toString().includes('started:')) return;
          run.child.stdout.off('data', onOutput);
          resolve();
        };
        run.child.stdout.on('data', onOutput);
      });
      return run;
    }

    it('takes a Ctrl-C and its parent’s SIGTERM as one request, and stops as usual', async () => {
      const { child, done } = await startedRun('two-senders', UNREACHABLE);
      // Both pending at once: Linux delivers the lower-numbered SIGINT first.
      child.kill('SIGINT');
      child.kill('SIGTERM');
      const { code, stdout, stderr } = await done;
      expect(code).toBe(0);
      expect(stdout).toMatch(/stopped; \d+ points stay buffered on disk/);
      expect(stdout + stderr).not.toContain('again');
    });

    it('exits at once on the same signal again, while still trying to send', async () => {
      // An API that accepts and never answers: the first SIGTERM waits on it.
      const silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as AddressInfo;
      try {
        const { child, done } = await startedRun('insists', `http://127.0.0.1:${port}`);
        child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 300));
        child.kill('SIGTERM');
        const { code, stdout, stderr } = await done;
        expect(code).toBe(0);
        expect(stderr).toMatch(/SIGTERM again: exiting now; unsent samples stay on disk/);
        expect(stdout).not.toMatch(/stopped;/);
      } finally {
        silent.close();
      }
    });
  });
});
