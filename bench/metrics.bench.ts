/**
 * Long-range charts: `GET /v1/devices/:id/metrics` over 30 days of one node with 8 GPUs
 * (samples every 10 s: 2.1 million GPU lines), read from the rollups the API's background loop
 * computed, and the same request from the raw samples (a second API on the same data with
 * INFLUX_ROLLUPS=false) in the same run. Goal: 30 days ≤ 150 ms p95.
 */
import { startInfluxd, startPostgres } from '@ioworker/tools/local-services';
import { benchDevice, waitForRollups, writeLinesToInflux } from './history-seed.js';
import { API_SERVER, percentile, round, startNodeProcess, stopProcess } from './support.js';

const GPUS = 8;
const DAYS = 30;
const STEP_S = 10;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);
const BASELINE_REQUESTS = Number(process.env.BENCH_BASELINE_REQUESTS ?? 10);
const P95 = 'p95 ms (goal ≤ 150 for 30 d)';

/** One node's samples, as the collector writes them (the API adds the device tag). */
function* sampleLines(deviceId: string, fromS: number, toS: number): Generator<string> {
  for (let t = fromS, i = 0; t < toS; t += STEP_S, i += 1) {
    for (let gpu = 0; gpu < GPUS; gpu += 1) {
      const load = (Math.sin(i / 360 + gpu) + 1) / 2;
      yield `gpu,device=${deviceId},gpu=${gpu},model=NVIDIA\\ H100 temperature_c=${round(35 + 45 * load)},power_w=${round(90 + 600 * load)},power_limit_w=700,utilization_pct=${round(100 * load)},memory_used_mib=${Math.round(80_000 * load)},memory_total_mib=81559,fan_pct=${round(30 + 50 * load)},sm_clock_mhz=${Math.round(1200 + 780 * load)},mem_clock_mhz=2619,throttled=${load > 0.97 ? 1 : 0}i,ecc_errors=0i,xid_errors=0i,energy_mj=${i * 4_000_000 + gpu}i ${t}`;
    }
    yield `host,device=${deviceId} uptime_s=${i * STEP_S},cpu_pct=${(i % 50) + 5},mem_used_mib=120000,mem_total_mib=515000,interval_s=10,collect_ms=30,rx_bytes=${i * 1_250_000}i,tx_bytes=${i * 400_000}i,buffered_points=0i,dropped_points=0i,agent_version="0.3.0" ${t}`;
  }
}

async function latency(name: string, url: string, token: string, requests: number) {
  const times: number[] = [];
  let points = 0;
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { series: { points: unknown[] }[] };
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${name}: ${response.status}`);
    points = body.series.reduce((sum, series) => sum + series.points.length, 0);
  }
  times.sort((a, b) => a - b);
  return {
    request: name,
    requests,
    points,
    'p50 ms': round(percentile(times, 50)),
    [P95]: round(percentile(times, 95)),
    'max ms': round(times.at(-1)!),
  };
}

const postgres = await startPostgres();
const influx = await startInfluxd();
const children: Awaited<ReturnType<typeof startNodeProcess>>['child'][] = [];
try {
  const env = {
    DATABASE_URL: postgres.url,
    INFLUX_URL: influx.url,
    LOG_LEVEL: 'warn',
    // Raw samples kept for the whole month, so the baseline can read them.
    INFLUX_RAW_RETENTION: 'inf',
  };
  const raw = await startNodeProcess(API_SERVER, { ...env, INFLUX_ROLLUPS: 'false' });
  children.push(raw.child);
  const { token, deviceId } = await benchDevice(raw.url, 'metrics-bench@example.com', 'h100-node');

  const nowS = Math.floor(Date.now() / 1000);
  let started = performance.now();
  const lines = await writeLinesToInflux(
    influx.url,
    sampleLines(deviceId, nowS - DAYS * 86_400, nowS),
  );
  const writeS = (performance.now() - started) / 1000;
  console.log(
    `\nWrote ${lines.toLocaleString()} raw lines (${DAYS} days, ${GPUS} GPUs, every ${STEP_S} s) in ${round(writeS)} s`,
  );
  // Samples written straight to InfluxDB bypass the gateway, which marks late ones for a
  // recompute: the API with rollups starts once they are all in, and backfills the month.
  started = performance.now();
  const rolled = await startNodeProcess(API_SERVER, { ...env, ROLLUP_INTERVAL_MS: '1000' });
  children.push(rolled.child);
  await waitForRollups(postgres.url, { rollup_1m: 600, rollup_1h: 3 * 3600 });
  console.log(
    `The rollup loop computed 30 days of 1-minute and 1-hour windows in ${round((performance.now() - started) / 1000)} s`,
  );

  const to = new Date(nowS * 1000).toISOString();
  const path = (days: number) =>
    `/v1/devices/${deviceId}/metrics?from=${new Date((nowS - days * 86_400) * 1000).toISOString()}&to=${to}`;
  const rows = [
    await latency('30 days (step 1h): rollup_1h', `${rolled.url}${path(30)}`, token, REQUESTS),
    await latency(
      '30 days (step 1h): raw samples (baseline)',
      `${raw.url}${path(30)}`,
      token,
      BASELINE_REQUESTS,
    ),
    await latency('7 days (step 15m): rollup_1m', `${rolled.url}${path(7)}`, token, REQUESTS),
    await latency(
      '7 days (step 15m): raw samples (baseline)',
      `${raw.url}${path(7)}`,
      token,
      BASELINE_REQUESTS,
    ),
    await latency(
      '1 hour (step 10s): raw samples, both',
      `${rolled.url}${path(1 / 24)}`,
      token,
      REQUESTS,
    ),
  ];
  console.log(`\nGET /v1/devices/:id/metrics, one request at a time, one node with ${GPUS} GPUs`);
  console.table(rows);
  const month = rows[0]![P95];
  console.log(
    `30 days p95: ${month} ms from the rollup (goal ≤ 150), ${rows[1]![P95]} ms from raw samples: ${round(rows[1]![P95] / month)}× faster`,
  );
} finally {
  for (const child of children) await stopProcess(child);
  await influx.stop();
  await postgres.stop();
}
