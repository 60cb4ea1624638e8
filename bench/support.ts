import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { startInfluxd, startPostgres } from '@ioworker/tools/local-services';

/** The API as a bench child process: main.ts's start-up on a port the system picks. */
export const API_SERVER = 'bench/serve-api.ts';

export const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const START_TIMEOUT_MS = 60_000;

/** The V8 options the API's image runs with (api/Dockerfile): every server here runs with them. */
function imageNodeOptions(): string {
  const dockerfile = readFileSync(new URL('../api/Dockerfile', import.meta.url), 'utf8');
  const options = /^ENV NODE_OPTIONS=(.+)$/m.exec(dockerfile)?.[1];
  if (!options) throw new Error('api/Dockerfile sets no NODE_OPTIONS');
  return options;
}

/**
 * Starts `node --import tsx <script>` on a port the system picks, with the image's V8 options,
 * and waits for the URL it announces on stdout (`{"url": …}`): the bench then talks only to the
 * server it started.
 */
export async function startNodeProcess(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, NODE_OPTIONS: imageNodeOptions(), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await announcedUrl(child, script);
    return { child, url };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

async function announcedUrl(child: ChildProcess, script: string): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const settled = new AbortController();
  const timeout = delay(START_TIMEOUT_MS, undefined, { signal: settled.signal }).then(() => {
    throw new Error(`${script} did not start within ${START_TIMEOUT_MS / 1000} s`);
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${script} exited with ${code} before it was ready`);
  });
  const announced = (async () => {
    for await (const line of lines) {
      const url = urlIn(line);
      if (url) return url;
    }
    throw new Error(`${script} closed its output without announcing its URL`);
  })();
  try {
    return await Promise.race([announced, timeout, exited]);
  } finally {
    settled.abort();
    // Later output (the API's warnings) still reaches the terminal.
    lines.close();
    child.stdout!.pipe(process.stdout);
  }
}

function urlIn(line: string): string | undefined {
  try {
    const parsed = JSON.parse(line) as { url?: unknown };
    return typeof parsed.url === 'string' ? parsed.url : undefined;
  } catch {
    return undefined;
  }
}

const STOP_TIMEOUT_MS = 5000;

/** SIGTERM, and SIGKILL for a child that has not exited within 5 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const stopped = await Promise.race([
    exited.then(() => true),
    delay(STOP_TIMEOUT_MS, false, { ref: false }),
  ]);
  if (stopped) return;
  child.kill('SIGKILL');
  await exited;
}

/** CPU time (user + system) of a process so far, in ms, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

/** Resident memory of a process, in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export async function registerBenchUser(apiUrl: string, email: string) {
  const response = await fetch(`${apiUrl}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'bench password 1' }),
  });
  return (await response.json()) as { user: { id: string }; token: string };
}

/**
 * A real PostgreSQL, a real influxd and the API as its own process on them (so load generator
 * and server do not share an event loop).
 */
export async function startBenchStack(env: Record<string, string> = {}) {
  const postgres = await startPostgres();
  const influx = await startInfluxd().catch(async (error: unknown) => {
    await postgres.stop();
    throw error;
  });
  try {
    const { child: api, url: apiUrl } = await startNodeProcess(API_SERVER, {
      DATABASE_URL: postgres.url,
      INFLUX_URL: influx.url,
      LOG_LEVEL: 'warn',
      METRICS_PORT: '0',
      ...env,
    });
    return {
      apiUrl,
      api,
      postgresUrl: postgres.url,
      influxUrl: influx.url,
      async stop() {
        await stopProcess(api);
        await influx.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await influx.stop();
    await postgres.stop();
    throw error;
  }
}

/** CPU time the whole machine spent busy so far, in ms, from /proc/stat (Linux). */
export function machineBusyMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const ticks = fields.map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.slice(0, 8).reduce((sum, tick) => sum + tick, 0);
  return ((total - idle) * 1000) / 100;
}
