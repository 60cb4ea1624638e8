import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A worker process, as a deployment runs it: `main.ts` with ROLE=worker, its log lines kept. */
export type WorkerProcess = {
  child: ChildProcess;
  messages: string[];
  /** Where it serves its health checks, once it listens. */
  url: Promise<string>;
};

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export const LEADS = 'this worker leads: it runs payouts and every scheduled job';

/** Starts `main.ts` with ROLE=worker on top of this process's environment and `env`. */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      ROLE: 'worker',
      PORT: '0',
      HOST: '127.0.0.1',
      PAYOUT_SCHEDULE: 'off',
      METRICS_PORT: 'off',
      INFLUX_URL: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const messages: string[] = [];
  const url = new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg: string; url?: string };
      messages.push(entry.msg);
      if (entry.url && entry.msg === 'IO Worker API listening') resolve(entry.url);
    });
  });
  return { child, messages, url };
}

/** Polls `check` until it holds: how long that took, or a throw after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now() - started;
}
