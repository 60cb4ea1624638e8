/**
 * What the collector costs a node: CPU ms per sample and resident memory, sampling every second
 * and shipping to a real API, as the bundle the install scripts deploy. Sources: the simulated
 * one, and nvidia-smi replayed by the fake, read one process per sample (the fake refuses loop
 * mode) and through one long-lived `-lms` child. The collector's own CPU is measured apart from
 * its children's (nvidia-smi, and the 30 s and 60 s service and kernel-log checks): the fake is
 * a Node script, so its share says little about a real nvidia-smi, whose cost on an H200 is
 * printed from the recording below. The goal (issue 13): the collector's own CPU ≤ 2 ms per
 * sample, GPU read included, and RSS ≤ 64 MiB. In the same run, on the same machine, the
 * baseline: the collector of commit BENCH_COLLECTOR_BASELINE (default c1a5117, before the
 * batching and group commit), bundled the same way. Then, in this process, the sampling alone
 * (sources and encoding, no disk log or shipping), and the host source's collect_ms.
 *
 * BENCH_COLLECTOR_S (default 20) sets the seconds measured per row, after 12 s of warm-up (the
 * start-up's compilation and V8's first memory-reducing collections settle in about 10 s).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import {
  chmodSync,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import {
  createHostSource,
  createNvidiaSmiSource,
  createSampler,
  encodeLines,
} from '@ioworker/collector';
import { NVIDIA_FIXTURES_DIR, nvidiaFixture } from '@ioworker/tools/fixtures';
import { registerBenchUser, round, rssMiB, startBenchStack, stopProcess } from './support.js';

const WARMUP_S = 12;
const MEASURE_S = Number(process.env.BENCH_COLLECTOR_S ?? 20);
const REPO = path.resolve(import.meta.dirname, '..');
const FIXTURE = nvidiaFixture('8x-tesla-v100s-pcie-32gb_460.73.01_xml');
const BASELINE_REV = process.env.BENCH_COLLECTOR_BASELINE ?? 'c1a5117';
const GOAL = { cpuMs: 2, rssMiB: 64 };

/**
 * The collector CLI of an earlier commit as one file, bundled like the API's download (esbuild,
 * node20, ESM, koffi left out): its sources from `git archive`, its dependencies from this
 * checkout. Undefined when git or the commit is not at hand.
 */
async function baselineBundle(work: string): Promise<string | undefined> {
  const source = mkdtempSync(path.join(work, 'baseline-src-'));
  try {
    const archive = execFileSync('git', ['archive', BASELINE_REV, 'collector'], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', source], { input: archive });
  } catch {
    return undefined;
  }
  const bundle = path.join(work, 'baseline-collector.mjs');
  await build({
    entryPoints: [path.join(source, 'collector/src/cli.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile: bundle,
    nodePaths: [path.join(REPO, 'node_modules')],
    banner: {
      js: "import { createRequire as __iowCreateRequire } from 'node:module';\nconst require = __iowCreateRequire(import.meta.url);",
    },
    external: ['koffi'],
    logLevel: 'silent',
  });
  return bundle;
}

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
  // The API answers with its PUBLIC_URL (by default port 8080) as the ingest URL, but this one
  // listens on a port the system picked: send there, or nothing is ever shipped.
  const enrolled = JSON.parse(readFileSync(config, 'utf8')) as Record<string, string>;
  writeFileSync(config, JSON.stringify({ ...enrolled, ingestUrl: apiUrl }));
  return config;
}

/** CPU time (ms) from /proc/<pid>/stat: the process's own, and that of its children it reaped. */
function cpuTimes(pid: number): { own: number; reaped: number; ppid: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ms = (index: number) => (Number(fields[index]) * 1000) / 100;
  return { own: ms(11) + ms(12), reaped: ms(13) + ms(14), ppid: Number(fields[1]) };
}

/** The CPU time so far of each running child of `pid`. */
function liveChildren(pid: number): Map<number, number> {
  const children = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const times = cpuTimes(Number(entry));
      if (times.ppid === pid) children.set(Number(entry), times.own);
    } catch {
      // it exited meanwhile
    }
  }
  return children;
}

/** CPU (ms) used between two snapshots by the process itself, and by its children. */
function cpuSnapshot(pid: number) {
  return { ...cpuTimes(pid), live: liveChildren(pid) };
}

function cpuBetween(before: ReturnType<typeof cpuSnapshot>, after: ReturnType<typeof cpuSnapshot>) {
  let children = after.reaped - before.reaped;
  for (const [child, used] of after.live) children += used - (before.live.get(child) ?? 0);
  // A child running at the start and reaped since: its earlier time is in `reaped` too.
  for (const [child, used] of before.live) if (!after.live.has(child)) children -= used;
  return { own: after.own - before.own, children };
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
  const before = cpuSnapshot(collector.pid!);
  await delay(MEASURE_S * 1000);
  const { own, children } = cpuBetween(before, cpuSnapshot(collector.pid!));
  const rss = rssMiB(collector.pid!);
  await stopProcess(collector);
  const ownMs = round(own / MEASURE_S, 2);
  return {
    [`collector CPU ms/sample (goal ≤ ${GOAL.cpuMs})`]: ownMs,
    'child CPU ms/sample': round(children / MEASURE_S, 2),
    [`RSS MiB (goal ≤ ${GOAL.rssMiB})`]: round(rss),
    'goal met': ownMs <= GOAL.cpuMs && rss <= GOAL.rssMiB ? 'yes' : 'no',
  };
}

/**
 * CPU (ms) this process spends per sample on the sampler alone: the host and nvidia-smi sources
 * (one long-lived child, or one process per sample) and encoding, every second.
 */
async function samplingCpuMs(fake: string, loop: boolean): Promise<number> {
  const gpus = createNvidiaSmiSource(
    loop ? { binary: fake, loopIntervalMs: 1_000 } : { binary: fake },
  );
  const sampler = createSampler({ sources: [gpus], host: createHostSource() });
  const samples = async (count: number) => {
    for (let sample = 0; sample < count; sample += 1) {
      encodeLines(await sampler.sample(new Date()));
      await delay(1_000);
    }
  };
  await samples(WARMUP_S);
  const before = process.cpuUsage();
  await samples(MEASURE_S);
  const used = process.cpuUsage(before);
  await gpus.stop?.();
  return round((used.user + used.system) / 1000 / MEASURE_S, 2);
}

/** collect_ms of the bundle's one-off `sample`, and of the host source's gather in-process. */
async function hostCollectMs(bundle: string) {
  const oneOff = [1, 2, 3].map(() => {
    const printed = execFileSync(process.execPath, [bundle, 'sample', '--source', 'simulated']);
    return Number(/collect_ms=([\d.]+)/.exec(printed.toString())?.[1]);
  });
  const host = createHostSource();
  const gathers: number[] = [];
  for (let sample = 0; sample < 5; sample += 1) {
    const started = performance.now();
    await host.gather(new Date());
    gathers.push(round(performance.now() - started, 2));
    await delay(200);
  }
  return { oneOff, gathers };
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

  const baseline = await baselineBundle(work);
  const smi = ['--source', 'nvidia-smi', '--nvidia-smi', fake];
  const loopEnv = { FAKE_NVIDIA_SMI_FIXTURE: FIXTURE };
  const cases = [
    {
      source: 'simulated, 2 GPUs',
      args: ['--source', 'simulated', '--gpus', '2'],
      env: {},
      baseline: true,
    },
    {
      source: 'nvidia-smi, long-lived -lms child (replayed 8× V100S)',
      args: smi,
      env: loopEnv,
      baseline: true,
    },
    {
      source: 'nvidia-smi, one process per sample (replayed 8× V100S)',
      args: smi,
      env: { ...loopEnv, FAKE_NVIDIA_SMI_MODE: 'no-loop' },
      baseline: false,
    },
  ];
  const runs = cases.flatMap((item) => [
    { ...item, collector: 'now', bundle },
    ...(item.baseline && baseline ? [{ ...item, collector: BASELINE_REV, bundle: baseline }] : []),
  ]);
  const rows = [];
  for (const run of runs) {
    const dir = mkdtempSync(path.join(work, 'run-'));
    const config = await enrolledConfig(apiUrl, token, bundle, dir);
    rows.push({
      collector: run.collector,
      source: run.source,
      ...(await measure(run.bundle, config, dir, run.args, run.env)),
    });
  }
  console.log(
    `\nCollector (the installed bundle), 1 s interval, ${MEASURE_S} s measured after ${WARMUP_S} s warm-up; ` +
      `"${BASELINE_REV}" is the collector of that commit, measured in the same run` +
      (baseline ? '' : ' (not available here: no git history)'),
  );
  console.log(
    `Goal: the collector's own CPU ≤ ${GOAL.cpuMs} ms per sample (GPU read included; the nvidia-smi child's apart), RSS ≤ ${GOAL.rssMiB} MiB. ` +
      `Resolution: /proc counts CPU in 10 ms ticks, so ±${round(10 / MEASURE_S, 2)} ms per sample (BENCH_COLLECTOR_S=60 for ±0.17)`,
  );
  console.table(rows);
  // The fake child reads its fixture from the environment it inherits.
  process.env.FAKE_NVIDIA_SMI_FIXTURE = FIXTURE;
  console.log('\nSampling alone, in this process (8× V100S replayed), CPU ms per sample:');
  console.table([
    { 'nvidia-smi path': 'long-lived -lms child', 'cpu ms': await samplingCpuMs(fake, true) },
    { 'nvidia-smi path': 'one process per sample', 'cpu ms': await samplingCpuMs(fake, false) },
  ]);
  const { oneOff, gathers } = await hostCollectMs(bundle);
  console.log(`\nHost source: collect_ms of a one-off \`sample\` (bundle): ${oneOff.join(', ')}`);
  console.log(`Host source: gather in-process, 5 samples 200 ms apart (ms): ${gathers.join(', ')}`);
  printH200ReadCosts();
} finally {
  rmSync(work, { recursive: true, force: true });
  await stack.stop();
}
