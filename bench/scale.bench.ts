/**
 * Beyond one machine, simulated on one: 3 API processes (ROLE=api) and 2 workers (ROLE=worker)
 * on one PostgreSQL and one influxd; a fleet of several thousand devices writing every 10 s,
 * spread over the three APIs; a browser on each API watching one account's live samples; and a
 * payout run for every account through a Solana JSON-RPC server, with the leading worker killed
 * (SIGKILL) in the middle of it. Prints each process's CPU, the write latency, PostgreSQL's and
 * InfluxDB's rates, what reached each browser, and how many transfers each account received.
 */
import { writeSolanaKeypairFile } from '@ioworker/tools/solana-keypair';
import { startInfluxd, startPostgres } from '@ioworker/tools/local-services';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadTreasury } from '../api/src/features/payouts/treasury.js';
import { startSolanaRpcServer } from '../api/src/test/solana-rpc-server.js';
import { LEADS, startWorkerProcess, waitUntil } from '../api/src/test/worker-process.js';
import { FLEET_INTERVAL_MS, runFleet, seedFleet, VALUES_PER_WRITE } from './fleet.js';
import { measureTsmBytesPerValue } from './influx-storage.js';
import { startLiveWatchers } from './live-watchers.js';
import { seedPayableAccounts, type PayableAccount } from './scale-accounts.js';
import {
  API_SERVER,
  cpuMs,
  machineBusyMs,
  percentile,
  registerBenchUser,
  round,
  rssMiB,
  startNodeProcess,
  stopProcess,
} from './support.js';

const DEVICES = Number(process.env.BENCH_SCALE_DEVICES ?? 3000);
const SECONDS = Number(process.env.BENCH_SCALE_S ?? 60);
const ACCOUNTS = 30;
const APIS = 3;
const ADMIN_TOKEN = 'scale-bench-admin-token-0123456789';
// Each answer to a send waits this long, so the leader dies with transfers in flight.
const SEND_ANSWER_DELAY_MS = 200;

// influxd snapshots a cache that saw no write for this long into compressed TSM files: the
// storage figure is read from those, a few seconds after its writes stop.
process.env.INFLUXDB_DATA_CACHE_SNAPSHOT_WRITE_COLD_DURATION = '5s';
const postgres = await startPostgres();
const influx = await startInfluxd();
const rpc = await startSolanaRpcServer();
const folder = mkdtempSync(path.join(tmpdir(), 'iow-scale-'));
const treasuryFile = path.join(folder, 'treasury.json');
writeSolanaKeypairFile(treasuryFile);
rpc.airdrop((await loadTreasury(treasuryFile)).address, 10_000_000_000_000n);
const shared = {
  DATABASE_URL: postgres.url,
  INFLUX_URL: influx.url,
  INFLUX_DB: 'scale',
  METRICS_PORT: 'off',
  ADMIN_TOKEN,
  PAYOUT_MIN_LAMPORTS: '100000000',
  SOLANA_CLUSTER: 'localnet',
};
execFileSync(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
  env: { ...process.env, ...shared, ROLE: 'migrate', LOG_LEVEL: 'warn' },
});
const apis = await Promise.all(
  Array.from({ length: APIS }, () =>
    startNodeProcess(API_SERVER, { ...shared, ROLE: 'api', LOG_LEVEL: 'warn' }),
  ),
);
const workerEnv = { ...shared, TREASURY_KEYPAIR: treasuryFile, SOLANA_RPC_URL: rpc.url };
const workers = [startWorkerProcess(workerEnv), startWorkerProcess(workerEnv)];
const db = new pg.Client({ connectionString: postgres.url });
await db.connect();

try {
  await waitUntil(() => workers.some((worker) => worker.messages.includes(LEADS)), 30_000);
  const watcher = await registerBenchUser(apis[0]!.url, 'scale-watcher@example.com');
  const accounts = await seedPayableAccounts(db, watcher.user.id, ACCOUNTS);
  const credentials = await seedFleet(
    postgres.url,
    accounts.map((account) => account.id),
    DEVICES,
  );
  // Device i belongs to account i mod 30; writing through API ⌊i / 30⌋ mod 3 gives every
  // account (the watched one too) devices on each API.
  const apiIndexOf = (device: number) => Math.floor(device / ACCOUNTS) % APIS;
  const watchers = await startLiveWatchers(
    apis.map((api) => api.url),
    watcher.token,
  );
  const deviceIndex = await watchedDeviceIndex(db, watcher.user.id);

  await runFleet((device) => apis[apiIndexOf(device)]!.url, credentials, FLEET_INTERVAL_MS / 1000);
  const before = await measures();
  const fleet = runFleet((device) => apis[apiIndexOf(device)]!.url, credentials, SECONDS);
  const payouts = payWithFailover(accounts);
  const [run, failover] = await Promise.all([fleet, payouts]);
  const after = await measures();

  const seconds = run.seconds;
  const span = { before: before.cpu, after: after.cpu, seconds };
  console.log(
    `\nScale: ${APIS} APIs and 2 workers on one PostgreSQL and one influxd; ${DEVICES} devices × 4 GPUs every ${FLEET_INTERVAL_MS / 1000} s for ${SECONDS} s`,
  );
  console.table([
    ...apis.map((api, index) => processRow(`API ${index + 1}`, api.child.pid!, span)),
    ...workers.map((worker, index) => processRow(`worker ${index + 1}`, worker.child.pid!, span)),
    {
      process: 'whole machine (2 cores), all processes',
      'CPU % of a core': round(((after.busyMs - before.busyMs) / (seconds * 1000)) * 100),
    },
  ]);
  console.table([
    {
      writes: run.writes,
      'writes/s': round(run.writes / seconds),
      'values sent/s': round((run.writes * VALUES_PER_WRITE) / seconds),
      'p50 ms': round(percentile(run.latencies, 50)),
      'p99 ms': round(percentile(run.latencies, 99)),
      errors: run.errors,
      'API CPU ms per write (3 APIs)': round(
        apis.reduce(
          (sum, api) => sum + after.cpu[api.child.pid!]! - before.cpu[api.child.pid!]!,
          0,
        ) / run.writes,
        2,
      ),
      'PostgreSQL commits/s': round((after.pg.commits - before.pg.commits) / seconds),
      'PostgreSQL rows written/s': round((after.pg.rows - before.pg.rows) / seconds),
      'PostgreSQL WAL kB/s': round((after.pg.walBytes - before.pg.walBytes) / 1024 / seconds),
      'PostgreSQL size MiB': round(after.pg.sizeBytes / 2 ** 20),
      'PostgreSQL bytes a device-hour keeps': await bytesPerDeviceHour(),
      'InfluxDB points/s': round((after.influx.points - before.influx.points) / seconds),
    },
  ]);
  const sent = Array.from({ length: APIS }, () => 0);
  // The browsers watch from before the warm-up interval: its writes count too.
  const cycles = 1 + Math.floor((SECONDS * 1000) / FLEET_INTERVAL_MS);
  for (const index of deviceIndex.values()) sent[apiIndexOf(index)]! += cycles;
  console.log('\nLive samples of the watched account, in a browser on each API');
  console.table(
    await watchers.report((id) => {
      const index = deviceIndex.get(id);
      return index === undefined ? undefined : apiIndexOf(index);
    }, sent),
  );
  console.log('\nPayouts: 3 run requests at once, the leading worker killed mid-run');
  console.table([failover]);
  await watchers.close();
  const storage = await measureTsmBytesPerValue(influx.url);
  console.log(
    '\nInfluxDB storage: one simulated day of 25 devices × 4 GPUs every 10 s, in TSM files',
  );
  console.table([
    {
      values: storage.values,
      'bytes per value': round(storage.bytesPerValue, 2),
      'cache fully snapshotted': storage.snapshotted,
    },
  ]);
} finally {
  await db.end();
  for (const worker of workers) worker.child.kill('SIGKILL');
  await Promise.all(apis.map((api) => stopProcess(api.child)));
  await rpc.close();
  await influx.stop();
  await postgres.stop();
}

/**
 * What the database keeps for good per device and hour: its energy-hour row, with its share of
 * the index (uptime is a row a device-day; device rows are updated in place). The whole
 * database's size grows faster during a minute-long run, with row versions that vacuum reclaims.
 */
async function bytesPerDeviceHour(): Promise<number> {
  const { rows } = await db.query<{ size: string; count: string }>(
    `SELECT pg_total_relation_size('device_energy_hours') AS size, count(*) AS count
     FROM device_energy_hours`,
  );
  return round(Number(rows[0]!.size) / Math.max(1, Number(rows[0]!.count)));
}

/** A process's CPU over the measured window, as % of one core, and its memory now. */
function processRow(
  name: string,
  pid: number,
  span: { before: Record<number, number>; after: Record<number, number>; seconds: number },
) {
  const usedMs = (span.after[pid] ?? span.before[pid] ?? 0) - (span.before[pid] ?? 0);
  return {
    process: name,
    'CPU % of a core': round((usedMs / (span.seconds * 1000)) * 100),
    'RSS MiB': existsSync(`/proc/${pid}`) ? round(rssMiB(pid)) : 'killed',
  };
}

async function watchedDeviceIndex(client: pg.Client, accountId: string) {
  const { rows } = await client.query<{ id: string; name: string }>(
    `SELECT id, name FROM devices WHERE account_id = $1`,
    [accountId],
  );
  return new Map(rows.map((row) => [row.id, Number(row.name.slice('fleet-'.length)) - 1]));
}

async function measures() {
  const cpu: Record<number, number> = {};
  for (const pid of [...apis.map((api) => api.child.pid!), ...workers.map((w) => w.child.pid!)]) {
    // The worker killed mid-payouts has no figures left.
    if (existsSync(`/proc/${pid}`)) cpu[pid] = cpuMs(pid);
  }
  const { rows } = await db.query<{ commits: string; rows: string; wal: string; size: string }>(
    `SELECT xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS rows,
            pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS wal,
            pg_database_size(current_database()) AS size
     FROM pg_stat_database WHERE datname = current_database()`,
  );
  const stats = rows[0]!;
  return {
    busyMs: machineBusyMs(),
    cpu,
    pg: {
      commits: Number(stats.commits),
      rows: Number(stats.rows),
      walBytes: Number(stats.wal),
      sizeBytes: Number(stats.size),
    },
    influx: await influxShardStats(),
  };
}

type StatsSeries = {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: number[][];
};

/** Points written into the bench database's shards (influxd's SHOW STATS). */
async function influxShardStats() {
  const response = await fetch(`${influx.url}/query?q=${encodeURIComponent('SHOW STATS')}`);
  const body = (await response.json()) as { results: { series?: StatsSeries[] }[] };
  const totals = { points: 0 };
  const sum = (series: StatsSeries, column: string) =>
    series.values[0]?.[series.columns.indexOf(column)] ?? 0;
  for (const series of body.results[0]?.series ?? []) {
    if (series.tags?.database !== 'scale') continue;
    if (series.name === 'shard') totals.points += sum(series, 'writePointsOk');
  }
  return totals;
}

/**
 * Every account's payout asked of all three APIs at once; once a few are confirmed the leading
 * worker is killed, and the other must take over and finish without paying anyone twice.
 */
async function payWithFailover(accounts: PayableAccount[]) {
  await new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / 4));
  rpc.faults.delay('sendTransaction', SEND_ANSWER_DELAY_MS, accounts.length);
  const asked = apis.map((api) =>
    fetch(`${api.url}/v1/admin/payouts/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      signal: AbortSignal.timeout(60_000),
    }).then(
      (response) => response.status,
      () => 'no answer in 60 s (its worker died)',
    ),
  );
  const confirmed = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM payouts WHERE status = 'confirmed'`,
        )
      ).rows[0]!.n,
    );
  await waitUntil(async () => (await confirmed()) >= 3, 60_000);
  const leader = workers.find((worker) => worker.messages.includes(LEADS))!;
  const standby = workers.find((worker) => worker !== leader)!;
  leader.child.kill('SIGKILL');
  const confirmedAtKill = await confirmed();
  const takeoverMs = await waitUntil(() => standby.messages.includes(LEADS), 60_000);
  await waitUntil(async () => (await confirmed()) >= accounts.length, 90_000).catch(() => {});
  const transfers = accounts.map((account) => rpc.transfersTo(account.wallet));
  return {
    accounts: accounts.length,
    'confirmed when the leader was killed': confirmedAtKill,
    'takeover ms': takeoverMs,
    'confirmed payouts': await confirmed(),
    'accounts with exactly one transfer of their balance': transfers.filter(
      (legs, index) => legs.length === 1 && legs[0]!.lamports === accounts[index]!.lamports,
    ).length,
    'accounts paid twice': transfers.filter((legs) => legs.length > 1).length,
    'run requests answered': (await Promise.all(asked)).join(', '),
  };
}
