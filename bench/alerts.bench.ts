// A network partition: 10,000 devices across 500 accounts go offline within one minute. How long
// from each offline alert's detection (and from the moment its device crossed the rule's minute)
// to its delivery at a local webhook receiver, how many messages (grouping should give about one
// per account), and the API's CPU, its alert evaluator included.
import { createSecretBox } from '@ioworker/api';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { cpuMs, percentile, round, startBenchStack } from './support.js';

const ACCOUNTS = Number(process.env.BENCH_ALERT_ACCOUNTS ?? 500);
const DEVICES_PER_ACCOUNT = Number(process.env.BENCH_ALERT_DEVICES ?? 20);
const SPREAD_S = 60;
const SECRETS_KEY = 'bench-secrets-key-0123456789abcdefghij';

type Arrival = { at: number; account: string; count: number };

function startReceiver() {
  const arrivals: Arrival[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const message = JSON.parse(body) as { count?: number };
      arrivals.push({ at: Date.now(), account: request.url ?? '', count: message.count ?? 1 });
      response.writeHead(204).end();
    });
  });
  return new Promise<{ url: string; arrivals: Arrival[]; close(): void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        arrivals,
        close: () => server.close(),
      }),
    ),
  );
}

/** Accounts, one webhook channel each, and devices last seen so that they go silent over a minute. */
async function seed(postgresUrl: string, receiverUrl: string): Promise<void> {
  const box = createSecretBox(SECRETS_KEY);
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(
    `INSERT INTO accounts (email, password_hash)
     SELECT 'partition-' || n || '@bench.local', 'not-a-password-hash' FROM generate_series(1, $1) AS n`,
    [ACCOUNTS],
  );
  const { rows } = await client.query<{ id: string }>('SELECT id FROM accounts ORDER BY email');
  for (const { id } of rows) {
    await client.query(
      `INSERT INTO notification_channels
         (account_id, kind, name, target_sealed, secret_sealed, target_masked, verified)
       VALUES ($1, 'webhook', 'bench', $2, $3, 'bench', true)`,
      [id, box.seal(`${receiverUrl}/${id}`), box.seal('whsec_bench')],
    );
  }
  // Each account alerts after 1 min offline: the devices cross that line from 5 s to 65 s from now.
  await client.query(
    `INSERT INTO notification_rules (account_id, event, enabled, params)
     SELECT id, 'device.offline', true, '{"forMinutes": 1}' FROM accounts`,
  );
  await client.query(
    `INSERT INTO devices (account_id, name, os, reported_status, last_seen_at, interval_s)
     SELECT a.id, 'rig-' || d, 'ubuntu', 'online',
            now() - interval '55 seconds' + random() * interval '${SPREAD_S} seconds', 10
     FROM accounts a, generate_series(1, $1) AS d`,
    [DEVICES_PER_ACCOUNT],
  );
  await client.end();
}

const OFFLINE_ALERTS = `FROM notifications n JOIN devices d ON d.id = n.device_id
  WHERE n.alert_event = 'device.offline' AND n.alert_status = 'firing'`;

async function offlineAlerts(postgresUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const { rows } = await client.query<{ count: string }>(`SELECT count(*) ${OFFLINE_ALERTS}`);
  await client.end();
  return Number(rows[0]?.count ?? 0);
}

/**
 * Each offline alert's times by the receiver path of its account's channel: when the evaluator
 * detected it, and when its device crossed the rule's minute of silence.
 */
async function alertsByAccount(postgresUrl: string) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const { rows } = await client.query<{ account_id: string; detected: Date; crossed: Date }>(
    `SELECT n.account_id, n.created_at AS detected, d.last_seen_at + interval '1 minute' AS crossed
     ${OFFLINE_ALERTS}`,
  );
  await client.end();
  const detected = new Map<string, number[]>();
  const crossed = new Map<string, number[]>();
  for (const row of rows) {
    const path = `/${row.account_id}`;
    detected.set(path, [...(detected.get(path) ?? []), row.detected.getTime()]);
    crossed.set(path, [...(crossed.get(path) ?? []), row.crossed.getTime()]);
  }
  return { detected, crossed };
}

/**
 * Each alert's time from a moment of it to the first message to its account after that (the
 * message that carried it), in s: the worst and the 95th percentile.
 */
function deliveryLagsS(arrivals: Arrival[], moments: Map<string, number[]>) {
  const lags: number[] = [];
  for (const [account, times] of moments) {
    const sent = arrivals
      .filter((arrival) => arrival.account === account)
      .map((arrival) => arrival.at)
      .sort((a, b) => a - b);
    for (const at of times) {
      const carried = sent.find((arrivalAt) => arrivalAt >= at);
      if (carried !== undefined) lags.push((carried - at) / 1000);
    }
  }
  lags.sort((a, b) => a - b);
  return { worst: lags.at(-1) ?? Number.NaN, p95: percentile(lags, 95), measured: lags.length };
}

/** The outbox at the end: deliveries by status, with one error of each. */
async function deliveriesByStatus(postgresUrl: string) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const { rows } = await client.query<{ status: string; count: string; error: string | null }>(
    'SELECT status, count(*), max(last_error) AS error FROM notification_deliveries GROUP BY status',
  );
  await client.end();
  return rows.map((row) => ({
    status: row.status,
    deliveries: Number(row.count),
    error: row.error ?? '',
  }));
}

const receiver = await startReceiver();
const stack = await startBenchStack({ SECRETS_KEY, WEBHOOK_ALLOW_PRIVATE: 'true' });
try {
  await seed(stack.postgresUrl, receiver.url);
  const devices = ACCOUNTS * DEVICES_PER_ACCOUNT;
  const cpuBefore = cpuMs(stack.api.pid!);
  const started = Date.now();
  const deadline = started + (SPREAD_S + 120) * 1000;
  while (Date.now() < deadline) {
    const delivered = receiver.arrivals.reduce((sum, arrival) => sum + arrival.count, 0);
    if (delivered >= devices) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const elapsedS = (Date.now() - started) / 1000;
  const cpu = cpuMs(stack.api.pid!) - cpuBefore;
  const alerts = await offlineAlerts(stack.postgresUrl);
  const delivered = receiver.arrivals.reduce((sum, arrival) => sum + arrival.count, 0);
  const arrivalTimes = receiver.arrivals
    .map((arrival) => arrival.at - started)
    .sort((a, b) => a - b);
  const times = await alertsByAccount(stack.postgresUrl);
  const lags = deliveryLagsS(receiver.arrivals, times.detected);
  const fromCrossing = deliveryLagsS(receiver.arrivals, times.crossed);
  console.log(
    `\nPartition: ${devices} devices across ${ACCOUNTS} accounts cross 1 min of silence over ${SPREAD_S} s; one webhook channel per account; the rule: offline for 1 min`,
  );
  console.table([
    {
      'offline alerts': alerts,
      'alerts delivered': delivered,
      messages: receiver.arrivals.length,
      'messages per account': round(receiver.arrivals.length / ACCOUNTS, 2),
      'detection → delivery p95 / worst (s)': `${round(lags.p95, 1)} / ${round(lags.worst, 1)}`,
      '1 min silent → delivery p95 / worst (s)': `${round(fromCrossing.p95, 1)} / ${round(fromCrossing.worst, 1)}`,
      'last message after start (s)': round((arrivalTimes.at(-1) ?? Number.NaN) / 1000, 1),
      'API CPU %': round((cpu / (elapsedS * 1000)) * 100, 1),
    },
  ]);
  console.table(await deliveriesByStatus(stack.postgresUrl));
} finally {
  receiver.close();
  await stack.stop();
}
