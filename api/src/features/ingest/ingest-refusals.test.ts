import { gzipSync } from 'node:zlib';
import { fieldsOfType } from '@ioworker/contract/telemetry';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDevice, enroll, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
let user: TestUser;
let deviceId: string;
let credential: string;

beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url);
  const created = await createDevice(api.url, user, 'refusals-rig');
  deviceId = created.device.id;
  credential = (await enroll(api.url, created.enrollment.token)).body.credential;
});
afterAll(() => api.close());

function write(body: string | Uint8Array, headers: Record<string, string> = {}) {
  return fetch(`${api.url}/api/v2/write?precision=ms`, {
    method: 'POST',
    headers: { authorization: `Token ${credential}`, 'content-type': 'text/plain', ...headers },
    body,
  });
}

async function stored(measurement: string, field: string): Promise<number> {
  const series = await api.influx(
    `SELECT count("${field}") FROM "${measurement}" WHERE "device" = '${deviceId}'`,
  );
  return Number(series[0]?.values[0]?.[1] ?? 0);
}

describe('the write gateway refuses, whole and with 4xx, what it cannot store', () => {
  it('a string field holding NUL, which PostgreSQL cannot keep: 400, nothing stored', async () => {
    const response = await write(`host agent_version="a\u0000b",uptime_s=1 ${Date.now()}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/agent_version.*NUL/);
    expect(await stored('host', 'uptime_s')).toBe(0);
  });

  it.each(['1e19', '-1e19', '1e300'])('an int field given %s, beyond int64: 400', async (value) => {
    const response = await write(`gpu,gpu=0 throttled=${value},temperature_c=50 ${Date.now()}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/throttled.*64-bit/);
  });

  const intFields = (['gpu', 'host', 'service'] as const).flatMap((measurement) =>
    fieldsOfType(measurement, 'int').map((field) => ({ measurement, field })),
  );
  it.each(intFields)(
    'the int field $measurement.$field beyond int64 (1e300, -1e19, 9.3e18): 400 naming field and line',
    async ({ measurement, field }) => {
      const tags = { gpu: ',gpu=0', host: '', service: ',name=docker' }[measurement];
      for (const value of ['1e300', '-1e19', '9.3e18', '-1e300']) {
        const response = await write(
          `host cpu_pct=1 ${Date.now()}\n${measurement}${tags} ${field}=${value} ${Date.now()}`,
        );
        expect(response.status).toBe(400);
        expect(((await response.json()) as { message: string }).message).toBe(
          `line 2: field "${field}" must be a whole number within the signed 64-bit range`,
        );
      }
    },
  );

  it('a Content-Encoding other than gzip: 415; x-gzip is gzip', async () => {
    const line = `gpu,gpu=0 temperature_c=50 ${Date.now()}`;
    expect((await write(line, { 'content-encoding': 'br' })).status).toBe(415);
    expect((await write(gzipSync(line), { 'content-encoding': 'x-gzip' })).status).toBe(204);
  });

  it('a batch InfluxDB refuses for its content (a field type conflict): 400 naming it, not 503', async () => {
    // A float `up` already in InfluxDB for this device: our int `up` then conflicts.
    const conflict = await fetch(
      `${inject('influxUrl')}/write?db=${api.env.INFLUX_DB}&precision=ms`,
      {
        method: 'POST',
        body: `service,device=${deviceId},name=legacy up=0.5 ${Date.now() - 1000}`,
      },
    );
    expect(conflict.status).toBe(204);
    const response = await write(`service,name=docker up=1i ${Date.now()}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/InfluxDB refused the batch.*conflict/);
    // Device state is recorded only once InfluxDB has stored the batch: nothing of it is kept.
    const device = await request(api.url, 'GET', `/v1/devices/${deviceId}`, { bearer: user.token });
    expect(device.body).toMatchObject({ services: [] });
  });
});

describe('the write gateway at its size limit', () => {
  it('takes 20,000 lines in one request; 20,001 is 413 and nothing of it is stored', async () => {
    const start = Date.now() - 40_000;
    const lines = (count: number, from: number) =>
      Array.from({ length: count }, (_, i) => `host cpu_pct=${i % 100} ${from + i}`).join('\n');
    const taken = await write(lines(20_000, start));
    expect(taken.status).toBe(204);
    expect(await stored('host', 'cpu_pct')).toBe(20_000);
    const refused = await write(lines(20_001, start + 20_000));
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { message: string }).message).toMatch(/at most 20000 lines/);
    expect(await stored('host', 'cpu_pct')).toBe(20_000);
    const device = await request(api.url, 'GET', `/v1/devices/${deviceId}`, { bearer: user.token });
    expect(device.body).toMatchObject({ status: 'online' });
  });

  it('stores the GPU memory a node reports as whole MiB', async () => {
    const response = await write(`gpu,gpu=3 memory_total_mib=81559.5 ${Date.now()}`);
    expect(response.status).toBe(204);
    const device = await request(api.url, 'GET', `/v1/devices/${deviceId}`, { bearer: user.token });
    const gpu = (device.body.gpus as { index: number; memoryTotalMiB: number }[]).find(
      (item) => item.index === 3,
    );
    expect(gpu?.memoryTotalMiB).toBe(81560);
  });
});
