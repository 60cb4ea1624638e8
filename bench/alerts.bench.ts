// A network partition: 10,000 devices across 500 accounts go offline within one minute. How long
// from each offline transition to its delivery at a local webhook receiver, how many messages
// (grouping should give about one per account), and the API's CPU.
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
      `INSERT INTO notification_channels (account_id, kind, name, target_sealed, target_masked, verified)
       VALUES ($1, 'webhook', 'bench', $2, 'bench', true)`,
      [id, box.seal(`${receiverUrl}/${id}`)],
    );
  }
  // Offline once silent for 3 × 10 s: these cross that line from 5 s to 65 s from now.
  await client.query(
    `INSERT INTO devices (account_id, name, os, reported_status, last_seen_at, interval_s)
     SELECT a.id, 'rig-' || d, 'ubuntu', 'online',
            now() - interval '25 seconds' + random() * interval '${SPREAD_S} seconds', 10
     FROM accounts a, generate_series(1, $1) AS d`,
    [DEVICES_PER_ACCOUNT],
  );
  await client.end();
}

async function offlineTransitions(postgresUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const { rows } = await client.query<{ count: string }>(
    "SELECT count(*) FROM notifications WHERE kind = 'device.offline'",
  );
  await client.end();
  return Number(rows[0]?.count ?? 0);
}

/** Each account's last offline transition, by the receiver path its channel posts to. */
async function lastTransitionByAccount(postgresUrl: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const { rows } = await client.query<{ account_id: string; at: Date }>(
    `SELECT account_id, max(created_at) AS at FROM notifications
     WHERE kind = 'device.offline' GROUP BY account_id`,
  );
  await client.end();
  return new Map(rows.map((row) => [`/${row.account_id}`, row.at.getTime()]));
}

/** The worst time from an account's last offline transition to its last delivery, in s. */
function worstLagS(arrivals: Arrival[], transitions: Map<string, number>): number {
  const lastArrival = new Map<string, number>();
  for (const arrival of arrivals) {
    lastArrival.set(arrival.account, Math.max(lastArrival.get(arrival.account) ?? 0, arrival.at));
  }
  let worst = 0;
  for (const [account, at] of lastArrival) {
    worst = Math.max(worst, at - (transitions.get(account) ?? at));
  }
  return worst / 1000;
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
  const transitions = await offlineTransitions(stack.postgresUrl);
  const delivered = receiver.arrivals.reduce((sum, arrival) => sum + arrival.count, 0);
  const lags = receiver.arrivals.map((arrival) => arrival.at - started).sort((a, b) => a - b);
  console.log(
    `\nPartition: ${devices} devices across ${ACCOUNTS} accounts go offline over ${SPREAD_S} s; one webhook channel per account`,
  );
  console.table([
    {
      'offline transitions': transitions,
      'alerts delivered': delivered,
      messages: receiver.arrivals.length,
      'messages per account': round(receiver.arrivals.length / ACCOUNTS, 2),
      'worst transition → delivery (s)': round(
        worstLagS(receiver.arrivals, await lastTransitionByAccount(stack.postgresUrl)),
        1,
      ),
      'message arrival p50 / p95 after start (s)': `${round(percentile(lags, 50) / 1000, 1)} / ${round(percentile(lags, 95) / 1000, 1)}`,
      'API CPU %': round((cpu / (elapsedS * 1000)) * 100, 1),
    },
  ]);
} finally {
  receiver.close();
  await stack.stop();
}
