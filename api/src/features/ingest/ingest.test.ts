import { InfluxDB, Point } from '@influxdata/influxdb-client';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FIXTURES_DIR as FIXTURES } from '@ioworker/tools/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
let user: TestUser;
let deviceId: string;
let credential: string;

const nowNs = () => BigInt(Date.now()) * 1_000_000n;

beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url);
  const created = await createDevice(api.url, user, 'ingest-rig');
  deviceId = created.device.id;
  credential = (await enroll(api.url, created.enrollment.token)).body.credential;
});
afterAll(() => api.close());

function write(
  body: string | Uint8Array,
  options: { precision?: string; headers?: Record<string, string>; token?: string } = {},
) {
  const query = options.precision ? `&precision=${options.precision}` : '';
  return fetch(`${api.url}/api/v2/write?org=ioworker&bucket=ioworker${query}`, {
    method: 'POST',
    headers: {
      authorization: `Token ${options.token ?? credential}`,
      'content-type': 'text/plain; charset=utf-8',
      ...options.headers,
    },
    body,
  });
}

async function count(measurement: string, where = ''): Promise<number> {
  const series = await api.influx(
    `SELECT count(*) FROM "${measurement}" WHERE "device" = '${deviceId}' ${where}`,
  );
  const row = series[0]?.values[0] ?? [];
  return Math.max(0, ...row.slice(1).map((value) => Number(value ?? 0)));
}

describe('POST /api/v2/write', () => {
  it('stores gpu, host and service points under the credential’s device with schema types', async () => {
    const t = nowNs();
    const body = [
      `gpu,gpu=0,uuid=GPU-aaa,model=NVIDIA\\ GeForce\\ RTX\\ 4090 temperature_c=61.5,power_w=300i,power_limit_w=450,utilization_pct=97u,memory_total_mib=24564,throttled=true,ecc_errors=0i ${t}`,
      `gpu,gpu=1,uuid=GPU-bbb,model=NVIDIA\\ GeForce\\ RTX\\ 4090,device=someone-else temperature_c=55,power_w=250.5 ${t}`,
      `host uptime_s=1000,interval_s=10,rx_bytes=1000i,tx_bytes=500i,agent_version="1.2.3" ${t}`,
      `service,name=docker up=1i ${t}`,
    ].join('\n');
    const response = await write(body);
    expect(response.status).toBe(204);
    const gpu = await api.influx(
      `SELECT * FROM "gpu" WHERE "device" = '${deviceId}' GROUP BY "gpu"`,
    );
    expect(gpu.map((series) => series.tags?.gpu)).toEqual(['0', '1']);
    const elsewhere = await api.influx(
      `SELECT count(*) FROM "gpu" WHERE "device" = 'someone-else'`,
    );
    expect(elsewhere).toEqual([]);
    const types = await api.influx('SHOW FIELD KEYS FROM "gpu"');
    const typeOf = Object.fromEntries(types[0]!.values.map(([key, type]) => [key, type]));
    expect(typeOf).toMatchObject({
      temperature_c: 'float',
      power_w: 'float',
      utilization_pct: 'float',
      throttled: 'integer',
    });
    const throttled = await api.influx(
      `SELECT "throttled" FROM "gpu" WHERE "device" = '${deviceId}' AND "gpu" = '0'`,
    );
    expect(throttled[0]!.values[0]![1]).toBe(1);

    const device = await request(api.url, 'GET', `/v1/devices/${deviceId}`, { bearer: user.token });
    expect(device.body).toMatchObject({
      status: 'online',
      temperature: 61.5,
      powerW: 550.5,
      utilization: 97,
      services: [{ name: 'docker', up: true }],
      traffic: { rxTotal: 1000, txTotal: 500 },
    });
    expect(device.body.gpus).toEqual([
      { index: 0, uuid: 'GPU-aaa', model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564 },
      { index: 1, uuid: 'GPU-bbb', model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 0 },
    ]);
    expect(Date.now() - Date.parse(device.body.lastSeenAt)).toBeLessThan(5000);
  });

  it('derives traffic rates from consecutive counters and counts dropped unknown fields', async () => {
    const t = Date.now();
    const body = [
      `host rx_bytes=10000i,tx_bytes=2000i,interval_s=10 ${t - 10_000}`,
      `host rx_bytes=30000i,tx_bytes=7000i,interval_s=10,fancy_new_metric=3 ${t}`,
      `gpu,gpu=0 temperature_c=60,mystery=1,other="x" ${t}`,
    ].join('\n');
    expect((await write(body, { precision: 'ms' })).status).toBe(204);
    const device = await request(api.url, 'GET', `/v1/devices/${deviceId}`, { bearer: user.token });
    expect(device.body.traffic).toEqual({
      rxBytesPerSec: 2000,
      txBytesPerSec: 500,
      rxTotal: 30000,
      txTotal: 7000,
    });
    const row = await api.db
      .selectFrom('devices')
      .select('dropped_fields')
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(Number(row.dropped_fields)).toBeGreaterThanOrEqual(3);
  });

  it('refuses a malformed line or an unknown measurement InfluxDB-style, writing nothing of the batch', async () => {
    const t = nowNs();
    const before = await count('gpu');
    const malformed = await write(`gpu,gpu=0 temperature_c=1 ${t}\ngpu,gpu=0 temperature_c= ${t}`);
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as { code: string; message: string };
    expect(body.code).toBe('invalid');
    expect(body.message).toMatch(/line 2/);
    const unknown = await write(`gpu,gpu=0 temperature_c=1 ${t}\ncpu_temp value=3 ${t}`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toMatch(
      /^line 2: unknown measurement "cpu_temp"/,
    );
    const wrongType = await write(`gpu,gpu=0 temperature_c="hot" ${t}`);
    expect(((await wrongType.json()) as { message: string }).message).toBe(
      'line 1: field "temperature_c" must be a number',
    );
    expect(await count('gpu')).toBe(before);
  });

  it('honours precision and refuses timestamps from the future or beyond the 7-day horizon', async () => {
    const seconds = Math.floor(Date.now() / 1000);
    expect((await write(`gpu,gpu=3 temperature_c=40 ${seconds}`, { precision: 's' })).status).toBe(
      204,
    );
    const stored = await api.influx(
      `SELECT "temperature_c" FROM "gpu" WHERE "device" = '${deviceId}' AND "gpu" = '3'`,
    );
    expect(stored[0]!.values[0]![0]).toBe(seconds * 1000);
    const future = await write(`gpu,gpu=0 temperature_c=1 ${Date.now() + 10 * 60_000}`, {
      precision: 'ms',
    });
    expect(future.status).toBe(400);
    expect(((await future.json()) as { message: string }).message).toMatch(
      /more than 5 minutes in the future/,
    );
    const ancient = await write(`gpu,gpu=0 temperature_c=1 ${Date.now() - 8 * 86_400_000}`, {
      precision: 'ms',
    });
    expect(((await ancient.json()) as { message: string }).message).toMatch(/older than 7 days/);
    expect((await write('gpu,gpu=0 temperature_c=1', { precision: 'hours' })).status).toBe(400);
  });

  it('bounds tags: a 1 MB tag, a non-numeric GPU index and 10,000 uuids for one GPU are refused', async () => {
    const t = nowNs();
    const before = await count('gpu');
    const hugeTag = await write(`gpu,gpu=0,model=${'x'.repeat(1_000_000)} temperature_c=1 ${t}`);
    expect(hugeTag.status).toBe(400);
    expect(((await hugeTag.json()) as { message: string }).message).toMatch(
      /tag "model" is longer than 128/,
    );
    expect((await write(`gpu,gpu=abc temperature_c=1 ${t}`)).status).toBe(400);
    const manyUuids = Array.from(
      { length: 10_000 },
      (_, index) => `gpu,gpu=0,uuid=GPU-${index} temperature_c=1 ${t}`,
    );
    const cardinality = await write(manyUuids.join('\n'));
    expect(cardinality.status).toBe(400);
    expect(((await cardinality.json()) as { message: string }).message).toBe(
      'line 2: tag uuid: GPU 0 already reports uuid GPU-0 in this write',
    );
    expect(await count('gpu')).toBe(before);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  });

  it('accepts gzip and chunked bodies, and refuses a gzip bomb and a body over 5 MB with 413', async () => {
    const gz = gzipSync(`gpu,gpu=5 temperature_c=50 ${nowNs()}`);
    expect((await write(gz, { headers: { 'content-encoding': 'gzip' } })).status).toBe(204);
    const chunks = [
      `gpu,gpu=6 temperature_c=51 ${nowNs()}\n`,
      `gpu,gpu=7 temperature_c=52 ${nowNs()}\n`,
    ];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const chunked = await fetch(`${api.url}/api/v2/write`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(204);
    expect(await count('gpu', `AND "gpu" = '7'`)).toBe(1);

    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 'a'));
    expect(bomb.length).toBeLessThan(100_000);
    const bombed = await write(bomb, { headers: { 'content-encoding': 'gzip' } });
    expect(bombed.status).toBe(413);
    expect((await write('x'.repeat(6 * 1024 * 1024))).status).toBe(413);
    // Chunked, so no Content-Length gives it away: refused once 5 MB have arrived.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(Buffer.alloc(1024 * 1024, 'x'));
      },
    });
    const flooded = await fetch(`${api.url}/api/v2/write`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}` },
      body: endless,
      duplex: 'half',
    } as RequestInit).catch((error: Error) => error);
    // The API answers 413 and closes; the client may see the close before the answer. An
    // unbounded read would never end: the test would time out.
    if (!(flooded instanceof Error)) expect(flooded.status).toBe(413);
    expect(
      (await write(Buffer.from([0x1f, 0x8b, 0, 1, 2]), { headers: { 'content-encoding': 'gzip' } }))
        .status,
    ).toBe(400);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  });

  it('refuses a revoked credential with 401', async () => {
    const created = await createDevice(api.url, user, 'doomed');
    const doomed = (await enroll(api.url, created.enrollment.token)).body.credential;
    expect((await write(`gpu,gpu=0 temperature_c=1 ${nowNs()}`, { token: doomed })).status).toBe(
      204,
    );
    await request(api.url, 'DELETE', `/v1/devices/${created.device.id}`, { bearer: user.token });
    const refused = await write(`gpu,gpu=0 temperature_c=1 ${nowNs()}`, { token: doomed });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'unauthorized' });
  });

  it("accepts Telegraf's influxdb_v2 request (gzip, chunked, ns) and maps nvidia_smi onto gpu", async () => {
    // The capture has nvidia_smi lines of two machines, each with a GPU 0: a node sends one's.
    const lines = readFileSync(path.join(FIXTURES, 'telegraf/body.lp'), 'utf8')
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('nvidia_smi') || line.includes(',host=8218cf,'));
    const t = nowNs();
    // The capture is old: move its timestamps to now, inside the 7-day horizon.
    const fresh = lines.map((line, index) =>
      line.replace(/ \d+$/, ` ${t - BigInt(index) * 1_000_000n}`),
    );
    const gpuLines = fresh.filter((line) => line.startsWith('nvidia_smi'));
    expect(gpuLines.length).toBeGreaterThan(0);
    const response = await write(gzipSync(fresh.join('\n')), {
      headers: { 'content-encoding': 'gzip', 'user-agent': 'Telegraf/1.34.0 Go/1.24.0' },
    });
    expect(response.status).toBe(204);
    const stored = await api.influx(
      `SELECT "temperature_c", "power_w", "utilization_pct", "memory_used_mib" FROM "gpu" WHERE "device" = '${deviceId}' AND time >= ${(t - 1_000_000_000n).toString()}`,
    );
    expect(stored[0]?.values.length).toBeGreaterThanOrEqual(gpuLines.length);
  });

  it('accepts writes from the stock @influxdata/influxdb-client', async () => {
    const client = new InfluxDB({ url: api.url, token: credential });
    const writeApi = client.getWriteApi('any-org', 'any-bucket', 'ms', { maxRetries: 0 });
    writeApi.writePoint(
      new Point('gpu').tag('gpu', '9').floatField('temperature_c', 70.25).timestamp(new Date()),
    );
    writeApi.writePoint(
      new Point('host').intField('rx_bytes', 5).floatField('interval_s', 10).timestamp(new Date()),
    );
    await writeApi.close();
    const stored = await api.influx(
      `SELECT "temperature_c" FROM "gpu" WHERE "device" = '${deviceId}' AND "gpu" = '9'`,
    );
    expect(stored[0]!.values[0]![1]).toBe(70.25);
  });

  it('answers random and hostile bodies with 204 or 4xx, never 5xx, and stays healthy', async () => {
    const t = nowNs();
    const valid = `gpu,gpu=0 temperature_c=1 ${t}`;
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.string({
        unit: fc.constantFrom(...'gpu,host service=" \\\n#0123456789.eiu-tTfF'.split('')),
        maxLength: 400,
      }),
      fc
        .tuple(fc.nat(valid.length), fc.string({ maxLength: 8 }))
        .map(([at, insert]) => valid.slice(0, at) + insert + valid.slice(at)),
      fc.constantFrom(
        `gpu,gpu=0 temperature_c=1e309 ${t}`,
        `host rx_bytes=18446744073709551615u ${t}`,
        `gpu,gpu=0 up="\u0000" ${t}`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (body) => {
        const response = await write(body);
        await response.arrayBuffer();
        return response.status === 204 || (response.status >= 400 && response.status < 500);
      }),
      { numRuns: 300 },
    );
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  });
});
