/**
 * `npm run bench`: the API's device list (an account with 1,000 devices) and `/v1/me` under
 * 50 concurrent connections on loopback, beside a bare Hono `/healthz` as the baseline, all
 * in one run. The API runs in its own process on a real PostgreSQL server.
 */
import { startPostgres } from '@ioworker/tools/local-services';
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
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
): Promise<Row> {
  const latencies: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: DURATION_S, headers },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
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
  await client.query(
    `INSERT INTO devices (account_id, name, os, hostname, gpus, last_seen_at)
     SELECT $1, 'rig-' || n, 'ubuntu', 'host-' || n, $2::jsonb, now() - (n % 60) * interval '1 second'
     FROM generate_series(1, ${DEVICES}) AS n`,
    [accountId, gpus],
  );
  await client.end();
}

const postgres = await startPostgres();
const children: ChildProcess[] = [];
try {
  const api = await startNodeProcess(API_SERVER, { DATABASE_URL: postgres.url, LOG_LEVEL: 'warn' });
  children.push(api.child);
  const baseline = await startNodeProcess('bench/baseline-server.ts', {});
  children.push(baseline.child);

  const { user, token } = await registerBenchUser(`${api.url}`, 'bench@example.com');
  await seedDevices(postgres.url, user.id);
  const auth = { authorization: `Bearer ${token}` };
  const list = (await (await fetch(`${api.url}/v1/devices`, { headers: auth })).json()) as {
    devices: unknown[];
  };
  if (list.devices.length !== DEVICES)
    throw new Error(`expected ${DEVICES} devices, got ${list.devices.length}`);
  const bytes = (await (await fetch(`${api.url}/v1/devices`, { headers: auth })).arrayBuffer())
    .byteLength;

  console.log(
    `Each run: ${DURATION_S} s on loopback; device list is ${DEVICES} devices, ${Math.round(bytes / 1024)} KiB of JSON.`,
  );
  const rows = [
    await measure('baseline: bare Hono GET /healthz', `${baseline.url}/healthz`, CONNECTIONS),
    await measure('API GET /healthz', `${api.url}/healthz`, CONNECTIONS),
    await measure('API GET /v1/me', `${api.url}/v1/me`, CONNECTIONS, auth),
    await measure(`API GET /v1/devices (${DEVICES})`, `${api.url}/v1/devices`, CONNECTIONS, auth),
    await measure(`API GET /v1/devices (${DEVICES})`, `${api.url}/v1/devices`, 1, auth),
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
} finally {
  for (const child of children) await stopProcess(child);
  await postgres.stop();
}
