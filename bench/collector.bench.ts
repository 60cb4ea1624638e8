/**
 * What the collector costs a node: CPU ms per sample and resident memory, sampling every second
 * and shipping to a real API, as the bundle the install scripts deploy. Two sources: the
 * simulated one, and nvidia-smi replayed by the fake (its own process's CPU is not counted:
 * a real nvidia-smi costs what it costs with any collector).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { NVIDIA_FIXTURES_DIR, nvidiaFixture } from '@ioworker/tools/fixtures';
import {
  cpuMs,
  registerBenchUser,
  round,
  rssMiB,
  startBenchStack,
  stopProcess,
} from './support.js';

const WARMUP_S = 5;
const MEASURE_S = Number(process.env.BENCH_COLLECTOR_S ?? 20);
const REPO = path.resolve(import.meta.dirname, '..');
const FIXTURE = nvidiaFixture('8x-tesla-v100s-pcie-32gb_460.73.01_xml');

async function enrolledConfig(
  apiUrl: string,
  token: string,
  bundle: string,
  dir: string,
): Promise<string> {
  const created = await fetch(`${apiUrl}/v1/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: path.basename(dir), os: 'ubuntu' }),
  });
  const { enrollment } = (await created.json()) as { enrollment: { token: string } };
  const config = path.join(dir, 'collector.json');
  const enroll = spawn(process.execPath, [
    bundle,
    'enroll',
    '--api',
    apiUrl,
    '--token',
    enrollment.token,
    '--config',
    config,
  ]);
  const [code] = await new Promise<[number | null]>((resolve) =>
    enroll.once('exit', (exit) => resolve([exit])),
  );
  if (code !== 0) throw new Error('enroll failed');
  return config;
}

async function measure(
  bundle: string,
  config: string,
  dir: string,
  sourceArgs: string[],
  env: Record<string, string> = {},
) {
  const collector: ChildProcess = spawn(
    process.execPath,
    [
      bundle,
      'run',
      '--interval',
      '1',
      '--config',
      config,
      '--buffer-dir',
      path.join(dir, 'buffer'),
      ...sourceArgs,
    ],
    { env: { ...process.env, ...env }, stdio: 'ignore' },
  );
  await delay(WARMUP_S * 1000);
  const before = cpuMs(collector.pid!);
  await delay(MEASURE_S * 1000);
  const used = cpuMs(collector.pid!) - before;
  const rss = rssMiB(collector.pid!);
  await stopProcess(collector);
  return {
    'CPU ms per sample (goal < 2)': round(used / MEASURE_S, 2),
    'RSS MiB (goal < 80)': round(rss),
  };
}

/** What the same collector cost on a real H200 (recorded there), beside this run's figures. */
function printH200ReadCosts(): void {
  const costs = JSON.parse(
    readFileSync(path.join(NVIDIA_FIXTURES_DIR, 'h200-read-costs.json'), 'utf8'),
  ) as H200ReadCosts;
  console.log(
    '\nRecorded on a real H200 (fixtures/nvidia-smi/h200-read-costs.json), CPU per sample:',
  );
  console.table([
    {
      what: 'collector, nvidia-smi source, 1 s interval',
      'cpu ms': costs['collector_run_nvidia-smi'].cpu_ms_per_sample,
    },
    {
      what: 'collector, simulated source, 1 s interval',
      'cpu ms': costs.collector_run_simulated.cpu_ms_per_sample,
    },
    { what: 'one nvidia-smi process', 'cpu ms': costs.nvidia_smi_per_call.cpu_ms_per_call },
    { what: 'long-lived nvidia-smi -lms', 'cpu ms': costs.nvidia_smi_loop.cpu_ms_per_sample },
  ]);
}

type H200ReadCosts = {
  'collector_run_nvidia-smi': { cpu_ms_per_sample: number };
  collector_run_simulated: { cpu_ms_per_sample: number };
  nvidia_smi_per_call: { cpu_ms_per_call: number };
  nvidia_smi_loop: { cpu_ms_per_sample: number };
};

const stack = await startBenchStack();
const { apiUrl } = stack;
const work = mkdtempSync(path.join(tmpdir(), 'iow-collector-bench-'));
try {
  const { token } = await registerBenchUser(apiUrl, 'collector-bench@example.com');
  const bundle = path.join(work, 'io-worker-collector.mjs');
  writeFileSync(
    bundle,
    Buffer.from(await (await fetch(`${apiUrl}/downloads/io-worker-collector.mjs`)).arrayBuffer()),
  );

  const fakeDir = mkdtempSync(path.join(work, 'fake-'));
  const fake = path.join(fakeDir, 'nvidia-smi');
  copyFileSync(path.join(REPO, 'collector/test/fake-nvidia-smi.mjs'), fake);
  chmodSync(fake, 0o755);

  const simulatedDir = mkdtempSync(path.join(work, 'sim-'));
  const smiDir = mkdtempSync(path.join(work, 'smi-'));
  const rows = [
    {
      source: 'simulated, 2 GPUs',
      ...(await measure(
        bundle,
        await enrolledConfig(apiUrl, token, bundle, simulatedDir),
        simulatedDir,
        ['--source', 'simulated', '--gpus', '2'],
      )),
    },
    {
      source: 'nvidia-smi (replayed 8× V100S)',
      ...(await measure(
        bundle,
        await enrolledConfig(apiUrl, token, bundle, smiDir),
        smiDir,
        ['--source', 'nvidia-smi', '--nvidia-smi', fake],
        { FAKE_NVIDIA_SMI_FIXTURE: FIXTURE },
      )),
    },
  ];
  console.log(
    `\nCollector (the installed bundle), 1 s interval, ${MEASURE_S} s measured after ${WARMUP_S} s warm-up`,
  );
  console.table(rows);
  printH200ReadCosts();
} finally {
  rmSync(work, { recursive: true, force: true });
  await stack.stop();
}
