import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { startInfluxd, startPostgres } from '@ioworker/tools/local-services';

export const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Starts `node --import tsx <args>` and waits until `readyUrl` answers. */
export async function startNodeProcess(
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const ok = await fetch(readyUrl).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return child;
    await delay(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not start`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([once(child, 'exit'), delay(5000)]);
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
export async function startBenchStack(port: number, env: Record<string, string> = {}) {
  const postgres = await startPostgres();
  const influx = await startInfluxd();
  const apiUrl = `http://127.0.0.1:${port}`;
  try {
    const api = await startNodeProcess(
      ['api/src/main.ts'],
      {
        PORT: String(port),
        DATABASE_URL: postgres.url,
        INFLUX_URL: influx.url,
        LOG_LEVEL: 'warn',
        ...env,
      },
      `${apiUrl}/healthz`,
    );
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
