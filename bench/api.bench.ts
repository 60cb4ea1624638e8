/**
 * `npm run bench`: the API's device list (an account with 1,000 devices) and `/v1/me` under
 * 50 concurrent connections on loopback, beside a bare Hono app as the baseline, all in one
 * run: its `/healthz`, and a route serving the very bytes of the API's device list. The list is
 * measured plain, compressed (gzip, br), revalidated (`If-None-Match`, 304) and while devices
 * report (each write changes it). The API runs in its own process on a real PostgreSQL server.
 */
import { startPostgres } from '@ioworker/tools/local-services';
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  API_SERVER,
  percentile,
  registerBenchUser,
  round,
  startNodeProcess,
  stopProcess,
} from './support.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 50;
const DEVICES = 1000;
/** 1,000 devices reporting every 10 s. */
const LIVE_WRITES_PER_S = 100;

type Row = {
  name: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
};

async function measure(
  name: string,
  url: string,
  connections: number,
  headers: Record<string, string> = {},
  expectedStatus = 200,
): Promise<Row> {
  const latencies: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: DURATION_S, headers },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === expectedStatus) latencies.push(responseTime);
      else errors += 1;
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    name,
    connections,
    requests: latencies.length,
    rps: Math.round(latencies.length / DURATION_S),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: errors + result.errors + result.timeouts,
  };
}

async function seedDevices(databaseUrl: string, accountId: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const gpus = JSON.stringify([
    { index: 0, uuid: 'GPU-a', model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564 },
    { index: 1, uuid: 'GPU-b', model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564 },
  ]);
  const at = new Date().toISOString();
  const reading = { temperatureC: 61, powerW: 287.5, utilizationPct: 97, memoryUsedMiB: 20480 };
  const latest = JSON.stringify({
    at,
    gpus: [
      { index: 0, ...reading },
      { index: 1, ...reading, temperatureC: 64 },
    ],
    host: { at, uptimeS: 86400, cpuPct: 12.5, rxBytes: 1e9, txBytes: 2e9, rxBytesPerSec: 5e4 },
    services: ['docker', 'io-worker', 'vllm'].map((name) => ({ name, up: true, checkedAt: at })),
  });
  // Reporting every 300 s, every device stays online (and the list unchanged) for the run.
  await client.query(
    `INSERT INTO devices (account_id, name, os, hostname, gpus, latest, interval_s, last_seen_at)
     SELECT $1, 'rig-' || n, 'ubuntu', 'host-' || n, $2::jsonb, $3::jsonb, 300,
            now() - (n % 60) * interval '1 second'
     FROM generate_series(1, ${DEVICES}) AS n`,
    [accountId, gpus, latest],
  );
  await client.end();
}

/**
 * Devices reporting while a measurement runs, `perSecond` of them a second, as a live fleet's
 * writes do (straight to the database: each changes the list, its fingerprint and its ETag).
 */
async function whileReporting<T>(
  databaseUrl: string,
  accountId: string,
  perSecond: number,
  measurement: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM devices WHERE account_id = $1',
    [accountId],
  );
  let next = 0;
  // One write after the other (pg refuses to queue them itself); the last one waits for all.
  let last: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    next = (next + 1) % rows.length;
    const id = rows[next]!.id;
    last = last.then(() =>
      client.query('UPDATE devices SET last_seen_at = now() WHERE id = $1', [id]),
    );
  }, 1000 / perSecond);
  try {
    return await measurement();
  } finally {
    clearInterval(timer);
    await last;
    await client.end();
  }
}

/** The device list exactly as the API sends it uncompressed, and its ETag if it gives one. */
async function captureList(apiUrl: string, auth: Record<string, string>) {
  const response = await fetch(`${apiUrl}/v1/devices`, {
    headers: { ...auth, 'accept-encoding': 'identity' },
  });
  const body = Buffer.from(await response.arrayBuffer());
  const { devices } = JSON.parse(body.toString('utf8')) as { devices: unknown[] };
  if (devices.length !== DEVICES)
    throw new Error(`expected ${DEVICES} devices, got ${devices.length}`);
  return { body, etag: response.headers.get('etag') };
}

/** How many bytes the list takes on the wire with the given Accept-Encoding. */
async function wireBytes(url: string, headers: Record<string, string>): Promise<number> {
  const requested = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ url, connections: 1, amount: 1, headers }, (error, done) =>
      error ? reject(error) : resolve(done),
    ),
  );
  return requested.throughput.total;
}

const postgres = await startPostgres();
const children: ChildProcess[] = [];
const scratch = await mkdtemp(join(tmpdir(), 'iow-bench-'));
try {
  const api = await startNodeProcess(API_SERVER, { DATABASE_URL: postgres.url, LOG_LEVEL: 'warn' });
  children.push(api.child);

  const { user, token } = await registerBenchUser(`${api.url}`, 'bench@example.com');
  await seedDevices(postgres.url, user.id);
  const auth = { authorization: `Bearer ${token}` };
  const list = await captureList(api.url, auth);
  const listFile = join(scratch, 'devices.json');
  await writeFile(listFile, list.body);
  const baseline = await startNodeProcess('bench/baseline-server.ts', { BODY_FILE: listFile });
  children.push(baseline.child);

  const devicesUrl = `${api.url}/v1/devices`;
  const gzip = { ...auth, 'accept-encoding': 'gzip' };
  const br = { ...auth, 'accept-encoding': 'br' };
  const sizes = [
    `${Math.round(list.body.byteLength / 1024)} KiB of JSON`,
    `gzip ${Math.round((await wireBytes(devicesUrl, gzip)) / 1024)} KiB`,
    `br ${Math.round((await wireBytes(devicesUrl, br)) / 1024)} KiB on the wire (with headers)`,
  ];
  console.log(
    `Each run: ${DURATION_S} s on loopback; device list is ${DEVICES} devices, ${sizes.join(', ')}.`,
  );
  const bare = await measure(
    'baseline: bare Hono, same list bytes',
    `${baseline.url}/devices`,
    CONNECTIONS,
  );
  const plain = await measure(`API GET /v1/devices (${DEVICES})`, devicesUrl, CONNECTIONS, auth);
  const rows = [
    await measure('baseline: bare Hono GET /healthz', `${baseline.url}/healthz`, CONNECTIONS),
    bare,
    await measure('API GET /healthz', `${api.url}/healthz`, CONNECTIONS),
    await measure('API GET /v1/me', `${api.url}/v1/me`, CONNECTIONS, auth),
    plain,
    await measure(`API GET /v1/devices, gzip`, devicesUrl, CONNECTIONS, gzip),
    await measure(`API GET /v1/devices, br`, devicesUrl, CONNECTIONS, br),
    ...(list.etag
      ? [
          await measure(
            `API GET /v1/devices, If-None-Match (304)`,
            devicesUrl,
            CONNECTIONS,
            { ...auth, 'if-none-match': list.etag },
            304,
          ),
        ]
      : []),
    await whileReporting(postgres.url, user.id, LIVE_WRITES_PER_S, () =>
      measure(
        `API GET /v1/devices, ${LIVE_WRITES_PER_S} device writes/s`,
        devicesUrl,
        CONNECTIONS,
        auth,
      ),
    ),
    await measure(`API GET /v1/devices (${DEVICES})`, devicesUrl, 1, auth),
  ];
  console.table(
    rows.map((row) => ({
      route: row.name,
      conns: row.connections,
      'req/s': row.rps,
      'p50 ms': round(row.p50),
      'p95 ms': round(row.p95),
      'p99 ms': round(row.p99),
      errors: row.errors,
    })),
  );
  console.log(
    `/v1/devices (uncompressed) serves ${round(plain.rps / bare.rps, 2)}x the req/s of the bare route serving the same bytes.`,
  );
} finally {
  for (const child of children) await stopProcess(child);
  await postgres.stop();
  await rm(scratch, { recursive: true, force: true });
}
