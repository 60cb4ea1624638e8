import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@ioworker/tools/test/stack';
import { DEMO_EMAIL, DEMO_PASSWORD } from './demo/demo-account.js';

type Device = { id: string; name: string; status: string; temperature?: number };

async function demoDevices(apiPort: number): Promise<Device[]> {
  const login = await fetch(`http://localhost:${apiPort}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`http://localhost:${apiPort}/v1/devices`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { devices: Device[] }).devices;
}

/** `npm start` as a newcomer runs it: no Docker, no database server, a fresh data dir. */
function npmStart(env: Record<string, string>) {
  const child = spawn('npm', ['start'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, INFLUX_URL: '', DATABASE_URL: '', METRICS_PORT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/**
 * Ctrl-C in a terminal reaches the whole process group: npm, tsx, node and what node started.
 * Stopping is bounded step by step (the demo nodes' last send 5 s, then the API, InfluxDB and
 * PostgreSQL), but on a machine busy with the rest of the suite the steps took over 20 s once.
 */
async function pressCtrlC(child: ChildProcess, output: () => string): Promise<void> {
  process.kill(-(child.pid ?? 0), 'SIGINT');
  // 'close' comes once every process that shares the output pipes has exited.
  await once(child, 'close', { signal: AbortSignal.timeout(60_000) }).catch((error: Error) => {
    throw new Error(`did not stop within 60 s (${error.message}):\n${output()}`);
  });
}

function groupIsGone(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iow-npm-start-'));
  let running: ReturnType<typeof npmStart> | undefined;

  afterAll(() => {
    const pid = running?.child.pid;
    if (pid && !groupIsGone(pid)) process.kill(-pid, 'SIGKILL');
  });

  let firstRunDevices: string[] = [];

  async function start() {
    const [apiPort, uiPort] = [await freePort(), await freePort()];
    running = npmStart({ DATA_DIR: dataDir, PORT: String(apiPort), UI_PORT: String(uiPort) });
    const { output } = running;
    await waitFor(
      'the start banner',
      async () => (output().includes('Press Ctrl-C') ? true : undefined),
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${output()}`);
    });
    return { apiPort, uiPort, output, child: running.child };
  }

  it('serves the UI and the API with a live demo device, and stops cleanly', async () => {
    const { apiPort, uiPort, output, child } = await start();
    expect(output()).toContain(`Open:       http://localhost:${uiPort}`);
    expect(output()).toContain(`${DEMO_EMAIL} / ${DEMO_PASSWORD}`);

    const page = await fetch(`http://localhost:${uiPort}/a/ioworker-worker-app/devices/x`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`"apiUrl":"http://localhost:${apiPort}"`);
    expect((await fetch(`http://localhost:${uiPort}/main.js`)).status).toBe(200);
    const ready = (await (await fetch(`http://localhost:${apiPort}/readyz`)).json()) as Record<
      string,
      string
    >;
    expect(ready).toMatchObject({ database: 'ok', influx: 'ok' });

    const online = await waitFor(
      'a demo device online with samples',
      async () =>
        (await demoDevices(apiPort)).find(
          (device) => device.status === 'online' && device.temperature !== undefined,
        ),
      15_000,
    );
    expect(online.temperature).toBeGreaterThan(0);

    firstRunDevices = (await demoDevices(apiPort)).map((device) => device.id).sort();
    await pressCtrlC(child, output);
    expect(output()).toContain('Stopping');
    expect(output()).not.toMatch(/Error|unhandled/i);
    await waitFor(
      'every process to exit',
      async () => (groupIsGone(running?.child.pid ?? 0) ? true : undefined),
      10_000,
    );
    await expect(fetch(`http://localhost:${apiPort}/healthz`)).rejects.toThrow();
  });

  it('reuses the data on a second start', async () => {
    const { apiPort, child, output } = await start();
    const devices = (await demoDevices(apiPort)).map((device) => device.id).sort();
    expect(firstRunDevices).toHaveLength(2);
    expect(devices).toEqual(firstRunDevices);
    await pressCtrlC(child, output);
  });
});
