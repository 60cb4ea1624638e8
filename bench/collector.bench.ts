/**
 * What the collector costs a node: CPU ms per sample and resident memory, sampling every second
 * and shipping to a real API, as the bundle the install scripts deploy. Sources: the simulated
 * one; nvidia-smi replayed by the fake, read one process per sample (the fake refuses loop
 * mode) and through one long-lived `-lms` child; and NVML in-process through koffi, against the
 * C stand-in for libnvidia-ml, whose calls cost nothing: the real library's time per call,
 * timed on an H200, is printed to add. The collector's own CPU is measured apart from
 * its children's (nvidia-smi, and the 30 s and 60 s service and kernel-log checks): the fake is
 * a Node script, so its share says little about a real nvidia-smi, whose cost on an H200 is
 * printed from the recording below. The goal (issue 13): the collector's own CPU ≤ 2 ms per
 * sample, GPU read included, and RSS ≤ 64 MiB. In the same run, on the same machine, the
 * baseline: the collector of commit BENCH_COLLECTOR_BASELINE (default c1a5117, before the
 * batching and group commit), bundled the same way; and the floor under the `-lms` row:
 * collector-floor.mjs, the same wake-ups and I/O with none of the collector's code. Then, in
 * this process, the sampling alone (sources and encoding, no disk log or shipping), and the
 * host source's collect_ms.
 *
 * BENCH_COLLECTOR_S (default 20) sets the seconds measured per row, after 12 s of warm-up (the
 * start-up's compilation and V8's first memory-reducing collections settle in about 10 s).
 * BENCH_COLLECTOR_NODE names the Node.js every row runs on (default: the one running this), e.g.
 * the LTS the installers download where the repository's own Node.js is older.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import {
  baselineBundle,
  collectorGpuQuery,
  cpuBetween,
  cpuSnapshot,
  enrolledConfig,
  nvmlStandIn,
} from './collector-support.js';
import { registerBenchUser, round, rssMiB, startBenchStack, stopProcess } from './support.js';

const WARMUP_S = 12;
const MEASURE_S = Number(process.env.BENCH_COLLECTOR_S ?? 20);
const REPO = path.resolve(import.meta.dirname, '..');
const FIXTURE = nvidiaFixture('8x-tesla-v100s-pcie-32gb_460.73.01_xml');
const BASELINE_REV = process.env.BENCH_COLLECTOR_BASELINE ?? 'c1a5117';
const GOAL = { cpuMs: 2, rssMiB: 64 };
const FLOOR_SCRIPT = path.join(import.meta.dirname, 'collector-floor.mjs');
const COLLECTOR_NODE = process.env.BENCH_COLLECTOR_NODE ?? process.execPath;

/** A process's CPU and RSS over MEASURE_S after WARMUP_S: `args` run by COLLECTOR_NODE. */
async function measure(args: string[], env: Record<string, string>) {
  const collector: ChildProcess = spawn(COLLECTOR_NODE, args, {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
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
  const costs = readH200ReadCosts();
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

/**
 * The NVML row's stand-in answers at once; the real library's own time per sample, from the
 * calls timed on the H200, is to be added to it: each GPU's reads every sample, and the energy
 * counter every minute (ENERGY_EVERY_MS of the NVML source).
 */
function printNvmlCallCosts(): void {
  const { second_run } = readH200ReadCosts();
  const { energy, ...perSample } = second_run.results.nvml_us_per_call;
  const readsUs = Object.values(perSample).reduce((sum, us) => sum + us, 0);
  const perGpuMs = (readsUs + energy / 60) / 1000;
  console.log(
    `NVML's own time, timed on the H200 (${Object.keys(perSample).length} reads of ${round(readsUs, 1)} µs a sample, ` +
      `the energy counter ${round(energy / 1000, 1)} ms a minute): ${round(perGpuMs, 3)} ms per GPU per sample, to add to the NVML row ` +
      `(${round(2 * perGpuMs, 3)} ms for its 2 GPUs)`,
  );
}

function readH200ReadCosts(): H200ReadCosts {
  return JSON.parse(
    readFileSync(path.join(NVIDIA_FIXTURES_DIR, 'h200-read-costs.json'), 'utf8'),
  ) as H200ReadCosts;
}

type H200ReadCosts = {
  'collector_run_nvidia-smi': { cpu_ms_per_sample: number };
  collector_run_simulated: { cpu_ms_per_sample: number };
  nvidia_smi_per_call: { cpu_ms_per_call: number };
  nvidia_smi_loop: { cpu_ms_per_sample: number };
  second_run: { results: { nvml_us_per_call: Record<string, number> & { energy: number } } };
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

  const baseline = await baselineBundle(work, BASELINE_REV);
  const nvml = nvmlStandIn(work);
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
    // The commit before the batching had no NVML source.
    ...('env' in nvml
      ? [
          {
            source: 'NVML in-process, C stand-in library (2 GPUs)',
            args: ['--source', 'nvml'],
            env: nvml.env,
            baseline: false,
          },
        ]
      : []),
  ];
  const collectorArgs = (collector: string, args: string[]) => (config: string, dir: string) => [
    collector,
    'run',
    '--interval',
    '1',
    '--config',
    config,
    '--buffer-dir',
    path.join(dir, 'buffer'),
    ...args,
  ];
  const runs = cases.flatMap((item) => [
    { ...item, collector: 'now', command: collectorArgs(bundle, item.args) },
    ...(item.baseline && baseline
      ? [{ ...item, collector: BASELINE_REV, command: collectorArgs(baseline, item.args) }]
      : []),
  ]);
  // Beside the -lms rows: the same wake-ups and I/O with none of the collector's code.
  const gpuQuery = collectorGpuQuery(fake, loopEnv);
  runs.splice(runs.findIndex((run) => run.args === smi && run.env === loopEnv) + 1, 0, {
    ...cases[1]!,
    collector: 'floor',
    command: (config: string, dir: string) => [
      FLOOR_SCRIPT,
      apiUrl,
      (JSON.parse(readFileSync(config, 'utf8')) as { credential: string }).credential,
      fake,
      gpuQuery,
      path.join(dir, 'floor.log'),
    ],
  });
  const rows = [];
  for (const run of runs) {
    const dir = mkdtempSync(path.join(work, 'run-'));
    const config = await enrolledConfig(apiUrl, token, bundle, dir);
    rows.push({
      collector: run.collector,
      source: run.source,
      ...(await measure(run.command(config, dir), run.env)),
      // The floor is what the goal is measured against, not a collector held to it.
      ...(run.collector === 'floor' ? { 'goal met': '—' } : {}),
    });
  }
  const nodeVersion = execFileSync(COLLECTOR_NODE, ['--version'], { encoding: 'utf8' }).trim();
  console.log(
    `\nCollector (the installed bundle) on Node.js ${nodeVersion}, 1 s interval, ${MEASURE_S} s measured after ${WARMUP_S} s warm-up; ` +
      `"${BASELINE_REV}" is the collector of that commit, measured in the same run` +
      (baseline ? '' : ' (not available here: no git history)') +
      '; "floor" is bench/collector-floor.mjs: the -lms child read, /proc, a file append and a gzipped POST every 2 s, none of the collector\'s code',
  );
  console.log(
    `Goal: the collector's own CPU ≤ ${GOAL.cpuMs} ms per sample (GPU read included; the nvidia-smi child's apart), RSS ≤ ${GOAL.rssMiB} MiB. ` +
      `The collector's own CPU is its threads' schedstat (ns); its children's is counted in 10 ms ticks, ±${round(10 / MEASURE_S, 2)} ms per sample`,
  );
  console.table(rows);
  if ('reason' in nvml) console.log(`No NVML row: ${nvml.reason}`);
  printNvmlCallCosts();
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
