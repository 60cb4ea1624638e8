/**
 * Device profitability over 30 days of an 8-GPU device at 10 s samples (2 million power
 * samples), read from the energy hours kept at ingest and the earnings rollups, against today's
 * raw-sample integral (`measureEnergy`, what the endpoint read before) in the same run.
 * Goal: 30 days ≤ 50 ms p95 and within 1.5× of 1 day.
 */
import pg from 'pg';
import { parseConfig } from '../api/src/config.js';
import { measureEnergy } from '../api/src/features/profitability/profitability.queries.js';
import { createInfluxClient } from '../api/src/influx/influx-client.js';
import { percentile, registerBenchUser, round, startBenchStack } from './support.js';

const DAYS = 30;
const GPUS = 8;
const INTERVAL_MS = 10_000;
const LINES_PER_WRITE = 50_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARM_UP = 10;
const DAY_MS = 86_400_000;
const INFLUX_DB = 'profitability';

async function json<T>(url: string, init: RequestInit & { token?: string } = {}) {
  const response = await fetch(url, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
  });
  return {
    status: response.status,
    body: (await response.json()) as T,
  };
}

/** 30 days of samples straight into influxd: older than the gateway's 7-day window. */
async function seedSamples(influxUrl: string, deviceId: string, fromMs: number, toMs: number) {
  let lines: string[] = [];
  const flush = async () => {
    const response = await fetch(`${influxUrl}/write?db=${INFLUX_DB}&precision=ms`, {
      method: 'POST',
      body: lines.join('\n'),
    });
    if (response.status !== 204) {
      throw new Error(`influxd answered ${response.status}: ${await response.text()}`);
    }
    lines = [];
  };
  for (let t = fromMs, i = 0; t < toMs; t += INTERVAL_MS, i += 1) {
    for (let gpu = 0; gpu < GPUS; gpu += 1) {
      const watts = 250 + ((i + gpu * 7) % 11) * 15;
      lines.push(
        `gpu,device=${deviceId},gpu=${gpu} power_w=${watts},utilization_pct=${i % 5 ? 95 : 0} ${t}`,
      );
    }
    if (lines.length >= LINES_PER_WRITE) await flush();
  }
  if (lines.length > 0) await flush();
  return Math.round((toMs - fromMs) / INTERVAL_MS) * GPUS;
}

async function timed(
  run: () => Promise<unknown>,
  requests = REQUESTS,
  warmUp = WARM_UP,
): Promise<number[]> {
  for (let i = 0; i < warmUp; i += 1) await run();
  const times: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

// Raw samples kept 31 days (7 by default), so that the raw baseline can read all 30.
const stack = await startBenchStack({ INFLUX_DB, INFLUX_RAW_RETENTION: '31d' });
try {
  const { user, token } = await registerBenchUser(stack.apiUrl, 'profit-bench@example.com');
  const created = await json<{ device: { id: string } }>(`${stack.apiUrl}/v1/devices`, {
    method: 'POST',
    token,
    body: JSON.stringify({ name: 'rig-8', os: 'ubuntu' }),
  });
  const deviceId = created.body.device.id;
  const nowMs = Date.now();
  const fromMs = Math.floor((nowMs - DAYS * DAY_MS) / INTERVAL_MS) * INTERVAL_MS;
  const seedStarted = performance.now();
  const samples = await seedSamples(stack.influxUrl, deviceId, fromMs, nowMs);
  console.log(
    `wrote ${samples} samples to influxd in ${round((performance.now() - seedStarted) / 1000)} s`,
  );
  const db = new pg.Client({ connectionString: stack.postgresUrl });
  await db.connect();
  // A job credit an hour, through the ledger (its trigger keeps the rollups).
  await db.query(
    `INSERT INTO ledger_entries (account_id, kind, amount_lamports, device_id, at)
     SELECT $1, 'job', 1000000 + n, $2, now() - make_interval(hours => n)
     FROM generate_series(0, ${DAYS * 24 - 1}) AS n`,
    [user.id, deviceId],
  );
  // The hours come from the recompute a restart runs (features/energy): at this scale too.
  await db.query(
    `UPDATE devices SET energy_stale_from = now() - interval '${DAYS + 1} days' WHERE id = $1`,
    [deviceId],
  );
  for (;;) {
    const { rows } = await db.query('SELECT energy_stale_from FROM devices WHERE id = $1', [
      deviceId,
    ]);
    if (rows[0].energy_stale_from === null) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const seedS = (performance.now() - seedStarted) / 1000;
  console.log(`seeded ${samples} samples and recomputed their hours in ${round(seedS)} s`);
  await db.end();

  const { influx } = parseConfig({
    INFLUX_URL: stack.influxUrl,
    INFLUX_DB,
    INFLUX_RAW_RETENTION: '31d',
  });
  const metrics = createInfluxClient({ ...influx, url: stack.influxUrl });
  const window = (days: number) => ({ from: new Date(Date.now() - days * DAY_MS), to: new Date() });
  const endpoint = (days: number) => () =>
    json<{ basis: { kwh: number } }>(
      `${stack.apiUrl}/v1/devices/${deviceId}/profitability?days=${days}`,
      { token },
    );

  const rows = [];
  const kwh: Record<string, number> = {};
  for (const days of [1, DAYS]) {
    // The raw path takes seconds at 30 days: fewer rounds of it.
    const raw = await timed(() => measureEnergy(metrics, deviceId, window(days), 10), 10, 1);
    const hourly = await timed(endpoint(days));
    kwh[`raw ${days} d`] =
      (await measureEnergy(metrics, deviceId, window(days), 10)).wattHours / 1000;
    kwh[`hours ${days} d`] = (await endpoint(days)()).body.basis.kwh;
    rows.push({
      window: `${days} d`,
      'raw samples: p50 ms': round(percentile(raw, 50)),
      'raw samples: p95 ms': round(percentile(raw, 95)),
      'endpoint (hours): p50 ms': round(percentile(hourly, 50)),
      'endpoint (hours): p95 ms (goal ≤ 50)': round(percentile(hourly, 95)),
    });
  }
  console.log(
    `\nProfitability: ${GPUS} GPUs, ${DAYS} days at ${INTERVAL_MS / 1000} s (${samples.toLocaleString('en')} samples, seeded and recomputed in ${round(seedS)} s), ${REQUESTS} requests each (raw: 10)`,
  );
  console.table(rows);
  const ratio =
    rows[1]!['endpoint (hours): p95 ms (goal ≤ 50)'] /
    rows[0]!['endpoint (hours): p95 ms (goal ≤ 50)'];
  const drift = Math.abs(kwh[`hours ${DAYS} d`]! - kwh[`raw ${DAYS} d`]!) / kwh[`raw ${DAYS} d`]!;
  console.table([
    {
      [`${DAYS} d ÷ 1 d p95 (goal ≤ 1.5)`]: round(ratio, 2),
      [`kWh ${DAYS} d, hours`]: round(kwh[`hours ${DAYS} d`]!, 3),
      [`kWh ${DAYS} d, raw`]: round(kwh[`raw ${DAYS} d`]!, 3),
      'difference % (goal ≤ 0.5)': round(drift * 100, 3),
    },
  ]);
} finally {
  await stack.stop();
}
