import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';
import type {} from '@ioworker/tools/test/global-setup';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const COLLECTOR_CLI = path.join(REPO, 'collector/src/cli.ts');
const API_MAIN = path.join(REPO, 'api/src/main.ts');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function nodeProcess(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill(signal);
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A real API process on its own database; `restart()` brings it back on the same port and data.
 * `env` adds to or overrides its configuration.
 */
export async function startApiProcess(env: Record<string, string> = {}, port?: number) {
  const name = `iow_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = new URL(inject('postgresUrl'));
  databaseUrl.pathname = `/${name}`;
  const apiPort = port ?? (await freePort());
  const url = `http://127.0.0.1:${apiPort}`;
  const apiEnv = {
    PORT: String(apiPort),
    DATABASE_URL: databaseUrl.toString(),
    INFLUX_URL: inject('influxUrl'),
    INFLUX_DB: name,
    PUBLIC_URL: url,
    // A free port: the default (9464) would be taken by the first of several APIs run at once.
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
  };
  let api = nodeProcess(API_MAIN, [], apiEnv);
  const ready = () =>
    waitFor(
      'the API',
      async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined),
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; it printed:\n${api.output()}`);
    });
  await ready();
  return {
    url,
    influxDb: name,
    output: () => api.output(),
    stop: (signal?: NodeJS.Signals) => stopChild(api.child, signal),
    async restart() {
      api = nodeProcess(API_MAIN, [], apiEnv);
      await ready();
    },
  };
}

/** The collector CLI as a real process, with its config and buffer in a temp dir. */
export function collectorWorkspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'iow-collector-e2e-'));
  const config = path.join(dir, 'collector.json');
  const bufferDir = path.join(dir, 'buffer');
  /** `enroll` with these arguments and the workspace's config file. */
  async function enrollWith(args: string[]) {
    const { child, output } = nodeProcess(COLLECTOR_CLI, ['enroll', ...args, '--config', config]);
    const [code] = (await once(child, 'exit')) as [number];
    return { code, output: output() };
  }
  return {
    dir,
    config,
    enroll: (apiUrl: string, token: string) => enrollWith(['--api', apiUrl, '--token', token]),
    enrollWith,
    run(args: string[] = []) {
      return nodeProcess(COLLECTOR_CLI, [
        'run',
        '--source',
        'simulated',
        '--interval',
        '1',
        '--gpus',
        '2',
        '--config',
        config,
        '--buffer-dir',
        bufferDir,
        ...args,
      ]);
    },
  };
}

export async function apiRequest(
  url: string,
  method: string,
  pathname: string,
  token?: string,
  body?: unknown,
) {
  const response = await fetch(`${url}${pathname}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

export async function influxQuery(db: string, query: string) {
  const url = new URL('query', `${inject('influxUrl')}/`);
  url.searchParams.set('db', db);
  url.searchParams.set('epoch', 'ms');
  url.searchParams.set('q', query);
  const body = (await (await fetch(url)).json()) as {
    results: {
      series?: { tags?: Record<string, string>; columns: string[]; values: (number | null)[][] }[];
    }[];
  };
  return body.results[0]?.series ?? [];
}
