/**
 * GPU health: `GET /v1/devices/:id/health` for one node with 8 GPUs that wrote every 10 s for
 * the last 24 h (69,120 GPU lines with every health field), one request at a time: with the
 * counters' hours from the 1-hour rollup the API's loop computed, and from raw samples only (a
 * second API on the same data with INFLUX_ROLLUPS=false), beside a bare InfluxDB query over the
 * same range and series (one aggregate of one field per GPU), the floor of reading that day.
 * Goal: p95 ≤ 100 ms.
 */
import { startInfluxd, startPostgres } from '@ioworker/tools/local-services';
import { benchDevice, waitForRollups, writeLinesToInflux } from './history-seed.js';
import { API_SERVER, percentile, round, startNodeProcess, stopProcess } from './support.js';

const GPUS = 8;
const STEP_S = 10;
const DAY_S = 86_400;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const WARMUP = 5;
const P95 = 'p95 ms (goal ≤ 100)';

/** A day of one node's GPU lines, as the collector writes them from driver 580. */
function* dayOfLines(deviceId: string, nowS: number): Generator<string> {
  for (let t = nowS - DAY_S, i = 0; t < nowS; t += STEP_S, i += 1) {
    for (let gpu = 0; gpu < GPUS; gpu += 1) {
      const load = (Math.sin(i / 360 + gpu) + 1) / 2;
      const capped = Math.round(i * STEP_S * 1e6 * load * 0.2);
      const xid = i > 4000 && gpu === 3 ? ',xid_errors=1i,xid_last=79i' : ',xid_errors=0i';
      yield `gpu,device=${deviceId},gpu=${gpu},uuid=GPU-${gpu},model=NVIDIA\\ H200 temperature_c=${round(35 + 30 * load)},power_w=${round(80 + 620 * load)},utilization_pct=${round(100 * load)},memory_temperature_c=${round(36 + 20 * load)},temperature_limit_margin_c=${round(50 - 25 * load)},power_draw_instant_w=${round(80 + 620 * load)},encoder_pct=0,decoder_pct=0,pstate=0i,pcie_link_gen=5i,pcie_link_gen_max=5i,pcie_link_width=16i,pcie_link_width_max=16i,throttle_power_us=${capped}i,throttle_thermal_us=0i,throttle_hw_us=0i,remapped_rows_uncorrectable=0i,throttled=0i,ecc_errors=0i${xid} ${t}`;
    }
  }
}

type Call = () => Promise<number>;

/**
 * Times `requests` rounds of every call (after a few unmeasured ones), one request at a time,
 * the calls taking turns so that each meets the same load from elsewhere on the machine.
 */
async function latencies(requests: number, calls: Record<string, Call>) {
  const entries = Object.entries(calls);
  for (let i = 0; i < WARMUP; i += 1) for (const [, call] of entries) await call();
  const times = new Map(entries.map(([name]) => [name, [] as number[]]));
  const gpus = new Map<string, number>();
  for (let i = 0; i < requests; i += 1) {
    for (const [name, call] of entries) {
      const started = performance.now();
      gpus.set(name, await call());
      times.get(name)!.push(performance.now() - started);
    }
  }
  return entries.map(([name]) => {
    const sorted = times.get(name)!.sort((a, b) => a - b);
    return {
      request: name,
      requests,
      gpus: gpus.get(name),
      'p50 ms': round(percentile(sorted, 50)),
      [P95]: round(percentile(sorted, 95)),
      'max ms': round(sorted.at(-1)!),
    };
  });
}

const postgres = await startPostgres();
const influx = await startInfluxd();
const children: Awaited<ReturnType<typeof startNodeProcess>>['child'][] = [];
try {
  const env = { DATABASE_URL: postgres.url, INFLUX_URL: influx.url, LOG_LEVEL: 'warn' };
  const raw = await startNodeProcess(API_SERVER, { ...env, INFLUX_ROLLUPS: 'false' });
  children.push(raw.child);
  const { token, deviceId } = await benchDevice(
    raw.url,
    'gpu-health-bench@example.com',
    'h200-node',
  );
  const nowS = Math.floor(Date.now() / 1000);
  let started = performance.now();
  const lines = await writeLinesToInflux(influx.url, dayOfLines(deviceId, nowS));
  console.log(
    `\nWrote ${lines.toLocaleString()} GPU lines (24 h, ${GPUS} GPUs, every ${STEP_S} s) in ${round((performance.now() - started) / 1000)} s`,
  );
  // Written straight to InfluxDB (not marked late): an API with rollups backfills the day,
  // then another, whose loop does not run while it is measured, answers.
  started = performance.now();
  const backfill = await startNodeProcess(API_SERVER, { ...env, ROLLUP_INTERVAL_MS: '1000' });
  children.push(backfill.child);
  // The 1-hour rollup is current: its watermark at most an hour and its settling behind.
  await waitForRollups(postgres.url, { rollup_1h: 3600 + 5 * 60 });
  await stopProcess(backfill.child);
  console.log(
    `The rollup loop computed the day's 1-minute and 1-hour windows in ${round((performance.now() - started) / 1000)} s`,
  );
  const rolled = await startNodeProcess(API_SERVER, { ...env, ROLLUP_INTERVAL_MS: '600000' });
  children.push(rolled.child);

  const health = (apiUrl: string) => async () => {
    const response = await fetch(`${apiUrl}/v1/devices/${deviceId}/health`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { gpus: unknown[] };
    if (response.status !== 200) throw new Error(`health: ${response.status}`);
    return body.gpus.length;
  };
  const bare = async () => {
    const nowMs = Date.now();
    const q = `SELECT max("throttle_power_us") FROM "gpu" WHERE "device" = '${deviceId}' AND time >= ${nowMs - DAY_S * 1000}ms AND time < ${nowMs}ms GROUP BY "gpu"`;
    const response = await fetch(`${influx.url}/query?db=ioworker&epoch=ms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q }).toString(),
    });
    const body = (await response.json()) as { results: { series?: unknown[] }[] };
    return body.results[0]?.series?.length ?? 0;
  };
  const rows = await latencies(REQUESTS, {
    'health (24 h): counters from rollup_1h': health(rolled.url),
    'health (24 h): raw samples only': health(raw.url),
    'bare InfluxDB: max of one field per GPU, 24 h (baseline)': bare,
  });
  console.log(`\nGPU health, one request at a time, one node with ${GPUS} GPUs`);
  console.table(rows);
  console.log(
    `health p95: ${rows[0]![P95]} ms with the rollup (goal ≤ 100), ${rows[1]![P95]} ms from raw samples only; the bare query of the same range: ${rows[2]![P95]} ms`,
  );
} finally {
  for (const child of children) await stopProcess(child);
  await influx.stop();
  await postgres.stop();
}
