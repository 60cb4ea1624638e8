// What bench/collector.bench.ts needs around the collector it measures: an earlier commit's
// collector to compare with, an enrolled device for each run, and CPU time read from /proc.
import { execFileSync, spawn } from 'node:child_process';
import { build } from 'esbuild';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseHelpQueryGpu, planQuery } from '@ioworker/collector';
import { buildNvmlStandIn } from '@ioworker/tools/nvml-stand-in';

const REPO = path.resolve(import.meta.dirname, '..');

/**
 * The collector CLI of an earlier commit as one file, bundled like the API's download (esbuild,
 * node20, ESM, koffi left out): its sources from `git archive`, its dependencies from this
 * checkout. Undefined when git or the commit is not at hand.
 */
export async function baselineBundle(work: string, rev: string): Promise<string | undefined> {
  const source = mkdtempSync(path.join(work, 'baseline-src-'));
  try {
    const archive = execFileSync('git', ['archive', rev, 'collector'], {
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

export async function enrolledConfig(
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

/**
 * CPU time (ms) of each of the process's threads so far, from their schedstat: nanoseconds,
 * where /proc/<pid>/stat counts 10 ms ticks (±0.5 ms a sample over 20 s).
 */
function threadsCpuMs(pid: number): number {
  let ns = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // it exited meanwhile
    }
  }
  return ns / 1e6;
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

/** CPU (ms) used so far by the process itself (its threads, to the ns), and by its children. */
export function cpuSnapshot(pid: number) {
  return { ...cpuTimes(pid), threads: threadsCpuMs(pid), live: liveChildren(pid) };
}

export function cpuBetween(
  before: ReturnType<typeof cpuSnapshot>,
  after: ReturnType<typeof cpuSnapshot>,
) {
  let children = after.reaped - before.reaped;
  for (const [child, used] of after.live) children += used - (before.live.get(child) ?? 0);
  // A child running at the start and reaped since: its earlier time is in `reaped` too.
  for (const [child, used] of before.live) if (!after.live.has(child)) children -= used;
  return { own: after.threads - before.threads, children };
}

/**
 * The `--query-gpu=…` argument the collector's nvidia-smi source asks `binary` for (what its
 * `--help-query-gpu` lists, planned as the collector plans it), for the floor to ask the same.
 */
export function collectorGpuQuery(binary: string, env: Record<string, string>): string {
  const help = execFileSync(binary, ['--help-query-gpu'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return `--query-gpu=${planQuery(parseHelpQueryGpu(help)).fields.join(',')}`;
}

/**
 * What lets a bundle in `work` read NVML with no GPU: the C stand-in for libnvidia-ml
 * (`buildNvmlStandIn`), found through LD_LIBRARY_PATH, and koffi beside the bundle, where the
 * install scripts put it. A reason instead where that cannot be built.
 */
export function nvmlStandIn(work: string): { env: Record<string, string> } | { reason: string } {
  if (process.platform !== 'linux') return { reason: 'the stand-in library is built for Linux' };
  const libraryDir = path.join(work, 'nvml-stand-in');
  mkdirSync(libraryDir);
  try {
    buildNvmlStandIn(libraryDir);
  } catch (error) {
    return { reason: `cc could not build the stand-in library (${(error as Error).message})` };
  }
  const koffi = path.dirname(createRequire(import.meta.url).resolve('koffi'));
  mkdirSync(path.join(work, 'node_modules'), { recursive: true });
  symlinkSync(koffi, path.join(work, 'node_modules', 'koffi'));
  return { env: { LD_LIBRARY_PATH: libraryDir } };
}
