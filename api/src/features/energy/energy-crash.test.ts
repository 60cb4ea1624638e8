import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDevice, enroll, registerUser } from '../../test/http.js';
import { startTestApi, TEST_ORIGIN, type TestApi } from '../../test/test-api.js';
import { measureEnergy } from '../profitability/profitability.queries.js';
import { sumEnergyHours } from './energy.queries.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));
const HOUR_MS = 3_600_000;

let reader: TestApi;
const children: ChildProcess[] = [];

beforeAll(async () => {
  reader = await startTestApi();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await reader?.close();
});

/** The API as its own process, as `npm start` runs it, on the reader's databases. */
async function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO,
    env: {
      ...process.env,
      ...reader.env,
      INFLUX_URL: inject('influxUrl'),
      PORT: '0',
      METRICS_PORT: 'off',
      LOG_LEVEL: 'info',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'iow-crash-')),
      PUBLIC_URL: 'http://localhost:8080',
      ALLOWED_ORIGINS: TEST_ORIGIN,
      DEVICE_STATE_FLUSH_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  // Read to the end, so that the child never blocks on a full pipe.
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const announced = line.includes('"url"') ? (JSON.parse(line) as { url?: string }) : {};
      if (announced.url) resolve(announced.url);
    });
    child.once('exit', () => reject(new Error('the API exited before it listened')));
  });
  return { child, url };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('recomputes from InfluxDB, after a restart, the hours an API killed before its flush lost', async () => {
  const user = await registerUser(reader.url);
  const created = await createDevice(reader.url, user, 'crash-rig');
  const deviceId: string = created.device.id;
  const { credential } = (await enroll(reader.url, created.enrollment.token)).body;
  const start = Math.floor((Date.now() - 20 * 60_000) / 10_000) * 10_000;
  const body = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, k) => {
      const t = start + (from + k) * 10_000;
      return `gpu,gpu=0 power_w=${250 + ((from + k) % 5) * 40} ${t}\ngpu,gpu=1 power_w=310 ${t}`;
    }).join('\n');
  const write = (url: string, text: string) =>
    fetch(`${url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}` },
      body: text,
    }).then((response) => response.status);
  const cursor = async () =>
    (
      await reader.db
        .selectFrom('devices')
        .select(['energy_cursor', 'energy_stale_from'])
        .where('id', '=', deviceId)
        .executeTakeFirstOrThrow()
    ).energy_cursor['0']?.t;
  const window = { from: new Date(start - HOUR_MS), to: new Date(Date.now() + HOUR_MS) };
  const compare = async () => ({
    raw: (await measureEnergy({ query: reader.influx }, deviceId, window, 10)).wattHours,
    hours: (await sumEnergyHours(reader.db, deviceId, window)).energyWh,
  });

  const first = await startChild();
  expect(await write(first.url, body(0, 60))).toBe(204);
  await waitFor(async () => (await cursor()) === start + 59 * 10_000, 5000);
  expect(await write(first.url, body(60, 100))).toBe(204);
  first.child.kill('SIGKILL');
  // The second write never reached PostgreSQL: only InfluxDB has it.
  expect(await cursor()).toBe(start + 59 * 10_000);
  const lost = await compare();
  expect(lost.hours).toBeLessThan(lost.raw * 0.7);

  await startChild();
  await waitFor(async () => {
    const { raw, hours } = await compare();
    return Math.abs(hours - raw) / raw < 0.005;
  }, 20_000);
  expect(await cursor()).toBe(start + 99 * 10_000);
}, 60_000);
