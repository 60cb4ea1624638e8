import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { createInfluxClient, type MetricsStore } from '../../influx/influx-client.js';
import { goDurationSeconds } from '../../influx/retention-policies.js';
import { createLogger } from '../../lib/logger.js';
import { createDevice, enroll, registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { earliestLateTime, markLateSamples } from './late-writes.js';
import { clearStale, markStale, staleDevices, watermarks } from './metric-rollups.queries.js';
import { LATE_AFTER_MS, runRollups, SETTLE_MS } from './rollup-scheduler.js';
import { choosePolicy } from '../metrics/metric-source.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STEP_MS = 10_000;

type Sample = { timeMs: number; gpu: number; temperature: number; energyMj: number };
type HostSample = { timeMs: number; rxBytes: number; cpu: number; version: string };

/** Two GPUs and a host every 10 s over [fromMs, toMs); GPU 1 has no fan. */
function samples(deviceId: string, fromMs: number, toMs: number, seed = 1) {
  const gpu: Sample[] = [];
  const host: HostSample[] = [];
  const lines: string[] = [];
  for (let timeMs = fromMs, i = 0; timeMs < toMs; timeMs += STEP_MS, i += 1) {
    for (const index of [0, 1]) {
      const temperature = 40 + ((i * 7 + index * 13 + seed) % 37) + 0.25;
      const energyMj = 1_000_000 + i * 3500 + index;
      gpu.push({ timeMs, gpu: index, temperature, energyMj });
      const fan = index === 0 ? `,fan_pct=${30 + (i % 5)}` : '';
      lines.push(
        `gpu,device=${deviceId},gpu=${index},model=RTX\\ 4090 temperature_c=${temperature},power_w=${200 + (i % 50)},utilization_pct=${i % 101}${fan},throttled=${i % 9 === 0 ? 1 : 0}i,energy_mj=${energyMj}i ${timeMs}`,
      );
    }
    const rxBytes = 5_000_000 + i * 125_000 - (i === 400 ? 4_000_000 : 0);
    const version = i < 300 ? '0.1.0' : '0.2.0';
    host.push({ timeMs, rxBytes, cpu: 10 + (i % 3), version });
    lines.push(
      `host,device=${deviceId} rx_bytes=${rxBytes}i,tx_bytes=${i * 1000}i,cpu_pct=${10 + (i % 3)},agent_version="${version}" ${timeMs}`,
    );
    lines.push(`service,device=${deviceId},name=docker up=${i % 4 === 0 ? 0 : 1}i ${timeMs}`);
  }
  return { gpu, host, lines };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function windowsOf<T extends { timeMs: number }>(rows: T[], windowMs: number) {
  const windows = new Map<number, T[]>();
  for (const row of rows) {
    const start = Math.floor(row.timeMs / windowMs) * windowMs;
    windows.set(start, [...(windows.get(start) ?? []), row]);
  }
  return windows;
}

let api: TestApi;
let metrics: MetricsStore;
let config: ReturnType<typeof parseConfig>;
const logger = createLogger('silent');

async function write(store: MetricsStore, lines: string[]) {
  for (let start = 0; start < lines.length; start += 5000) {
    await store.write(lines.slice(start, start + 5000).join('\n'), { precision: 'ms' });
  }
}

async function rollupRows(policy: string, measurement: string, deviceId: string) {
  return api.influx(
    `SELECT * FROM "${policy}"."${measurement}" WHERE "device" = '${deviceId}' GROUP BY *`,
  );
}

beforeAll(async () => {
  // The API's own loop stays out of the way: the tests run each pass themselves.
  api = await startTestApi({ ROLLUP_INTERVAL_MS: '600000' });
  config = parseConfig({
    INFLUX_URL: (await import('vitest')).inject('influxUrl'),
    INFLUX_DB: api.env.INFLUX_DB,
  });
  metrics = createInfluxClient({ ...config.influx, url: config.influx.url! });
});

afterAll(async () => {
  await api?.close();
});

describe('retention policies', () => {
  it('keeps raw 7 days and the rollups 30 and 400 days (InfluxDB 1.x)', async () => {
    const [series] = await api.influx(`SHOW RETENTION POLICIES ON "${api.env.INFLUX_DB}"`);
    const policies = Object.fromEntries(
      series!.values.map((row) => [row[0], goDurationSeconds(String(row[1])) / 86_400]),
    );
    expect(policies).toEqual({ autogen: 7, rollup_1m: 30, rollup_1h: 400 });
    // Idempotent: a second start changes nothing.
    await metrics.ensureDatabase();
    const [again] = await api.influx(`SHOW RETENTION POLICIES ON "${api.env.INFLUX_DB}"`);
    expect(again!.values).toEqual(series!.values);
  });
});

describe('rollups agree with the raw samples', () => {
  const deviceId = randomUUID();
  const nowMs = Date.now();
  const fromMs = Math.floor((nowMs - 4 * HOUR) / HOUR) * HOUR;
  const toMs = fromMs + 2 * HOUR;
  const data = samples(deviceId, fromMs, toMs);
  const deps = () => ({ db: api.db, config, logger });

  beforeAll(async () => {
    await write(metrics, data.lines);
    await runRollups(deps(), metrics, { nowMs });
  });

  it('advances each watermark to the last window that has settled', async () => {
    const marks = await watermarks(api.db);
    expect(marks.get('rollup_1m')).toBe(Math.floor((nowMs - SETTLE_MS) / MINUTE) * MINUTE);
    expect(marks.get('rollup_1h')).toBe(Math.floor((nowMs - SETTLE_MS) / HOUR) * HOUR);
  });

  it.each([
    ['rollup_1m', MINUTE],
    ['rollup_1h', HOUR],
  ])(
    '%s: mean, max and last of each window equal those of the raw samples',
    async (policy, windowMs) => {
      const gpuRows = await rollupRows(policy, 'gpu', deviceId);
      const gpu0 = gpuRows.find((s) => s.tags?.gpu === '0')!;
      const gpu1 = gpuRows.find((s) => s.tags?.gpu === '1')!;
      expect(gpu0.tags).toMatchObject({ device: deviceId, model: 'RTX 4090' });
      const windows = windowsOf(
        data.gpu.filter((s) => s.gpu === 0),
        windowMs,
      );
      expect(gpu0.values).toHaveLength(windows.size);
      const col = (name: string) => gpu0.columns.indexOf(name);
      for (const row of gpu0.values) {
        const window = windows.get(Number(row[0]))!;
        expect(row[col('temperature_c_mean')]).toBeCloseTo(
          mean(window.map((s) => s.temperature)),
          9,
        );
        expect(row[col('temperature_c_max')]).toBe(Math.max(...window.map((s) => s.temperature)));
        expect(row[col('temperature_c_last')]).toBe(window.at(-1)!.temperature);
        expect(row[col('energy_mj_max')]).toBe(Math.max(...window.map((s) => s.energyMj)));
        expect(row[col('energy_mj_last')]).toBe(window.at(-1)!.energyMj);
      }
      // A field the GPU never reported is absent, not 0.
      expect(gpu1.values.every((row) => row[gpu1.columns.indexOf('fan_pct_mean')] === null)).toBe(
        true,
      );
      const [host] = await rollupRows(policy, 'host', deviceId);
      const hostWindows = windowsOf(data.host, windowMs);
      const hcol = (name: string) => host!.columns.indexOf(name);
      for (const row of host!.values) {
        const window = hostWindows.get(Number(row[0]))!;
        expect(row[hcol('rx_bytes_max')]).toBe(Math.max(...window.map((s) => s.rxBytes)));
        expect(row[hcol('rx_bytes_last')]).toBe(window.at(-1)!.rxBytes);
        expect(row[hcol('cpu_pct_mean')]).toBeCloseTo(mean(window.map((s) => s.cpu)), 9);
        expect(row[hcol('agent_version_last')]).toBe(window.at(-1)!.version);
      }
    },
  );

  it('keeps the field types: counters stay integers, so derivatives work on a rollup', async () => {
    const keys = await api.influx(`SHOW FIELD KEYS FROM "rollup_1m"."host"`);
    const types = Object.fromEntries(keys[0]!.values.map((row) => [row[0], row[1]]));
    expect(types).toMatchObject({
      rx_bytes_max: 'integer',
      rx_bytes_last: 'integer',
      rx_bytes_mean: 'float',
      cpu_pct_max: 'float',
      agent_version_last: 'string',
    });
    const rates = await api.influx(
      `SELECT non_negative_derivative(max("rx_bytes_max"), 1s) AS rx FROM "rollup_1m"."host" WHERE "device" = '${deviceId}' AND time >= ${fromMs}ms AND time < ${fromMs + 30 * MINUTE}ms GROUP BY time(1m)`,
    );
    expect(rates[0]!.values.every((row) => row[1] === 12_500)).toBe(true);
  });

  it('writes identical rows when a window is computed again', async () => {
    const before = await Promise.all(
      ['gpu', 'host', 'service'].map((m) => rollupRows('rollup_1m', m, deviceId)),
    );
    await api.db.deleteFrom('metric_rollup_watermarks').execute();
    await runRollups(deps(), metrics, { nowMs });
    const after = await Promise.all(
      ['gpu', 'host', 'service'].map((m) => rollupRows('rollup_1m', m, deviceId)),
    );
    expect(after).toEqual(before);
  });

  it('computes nothing again on the next pass when no window settled', async () => {
    const run = await runRollups(deps(), metrics, { nowMs });
    expect(run.rows).toBe(0);
  });
});

describe('late samples (a collector replaying its buffer)', () => {
  const deviceId = randomUUID();
  const nowMs = Date.now();
  const fromMs = Math.floor((nowMs - 3 * 86_400_000) / HOUR) * HOUR;
  const deps = () => ({ db: api.db, config, logger });

  it('marks the device stale from its earliest late sample, after the write', async () => {
    await runRollups(deps(), metrics, { nowMs });
    const replay = samples(deviceId, fromMs, fromMs + 30 * MINUTE, 7);
    await write(metrics, replay.lines);
    await markLateSamples(deps(), deviceId, [...replay.gpu, ...replay.host]);
    const stale = (await staleDevices(api.db, 100)).find((d) => d.deviceId === deviceId);
    expect(stale?.fromMs).toBe(fromMs);
    expect(await rollupRows('rollup_1m', 'gpu', deviceId)).toEqual([]);

    await runRollups(deps(), metrics, { nowMs });
    expect((await staleDevices(api.db, 100)).some((d) => d.deviceId === deviceId)).toBe(false);
    const [hour] = await rollupRows('rollup_1h', 'host', deviceId);
    const hcol = (name: string) => hour!.columns.indexOf(name);
    expect(hour!.values).toHaveLength(1);
    expect(hour!.values[0]![hcol('rx_bytes_max')]).toBe(
      Math.max(...replay.host.map((s) => s.rxBytes)),
    );
    const minutes = await rollupRows('rollup_1m', 'gpu', deviceId);
    expect(minutes.map((s) => s.values.length)).toEqual([30, 30]);
  });

  it('recomputes a window that gains samples later, and only that device', async () => {
    const more = samples(deviceId, fromMs + 30 * MINUTE, fromMs + 45 * MINUTE, 9);
    await write(metrics, more.lines);
    await markLateSamples(deps(), deviceId, [...more.gpu, ...more.host]);
    const run = await runRollups(deps(), metrics, { nowMs });
    expect(run.staleDevices).toBe(1);
    const [hour] = await rollupRows('rollup_1h', 'host', deviceId);
    expect(hour!.values[0]![hour!.columns.indexOf('rx_bytes_last')]).toBe(
      more.host.at(-1)!.rxBytes,
    );
    const minutes = await rollupRows('rollup_1m', 'gpu', deviceId);
    expect(minutes.map((s) => s.values.length)).toEqual([45, 45]);
  });

  it('through the write gateway: a replayed buffer reaches the rollups', async () => {
    const user = await registerUser(api.url);
    const created = await createDevice(api.url, user);
    const { credential } = (await enroll(api.url, created.enrollment.token)).body;
    const startS = Math.floor((nowMs - 2 * 86_400_000) / HOUR) * (HOUR / 1000);
    const body = Array.from(
      { length: 30 },
      (_, i) =>
        `gpu,gpu=0 temperature_c=${50 + i},power_w=200 ${startS + i * 10}\nhost rx_bytes=${i * 1000}i,interval_s=10 ${startS + i * 10}`,
    ).join('\n');
    const written = await request(api.url, 'POST', '/api/v2/write?precision=s', {
      deviceToken: credential,
      rawBody: body,
      headers: { 'content-type': 'text/plain' },
    });
    expect(written.status).toBe(204);
    const stale = (await staleDevices(api.db, 100)).find((d) => d.deviceId === created.device.id);
    expect(stale?.fromMs).toBe(startS * 1000);
    await runRollups(deps(), metrics, { nowMs });
    const [hour] = await rollupRows('rollup_1h', 'gpu', created.device.id);
    expect(hour!.values).toHaveLength(1);
    expect(hour!.values[0]![hour!.columns.indexOf('temperature_c_max')]).toBe(79);
    expect(hour!.values[0]![hour!.columns.indexOf('temperature_c_mean')]).toBe(64.5);
  });

  it('keeps a mark made while a recompute ran', async () => {
    const id = randomUUID();
    await markStale(api.db, [{ deviceId: id, fromMs }]);
    const [read] = (await staleDevices(api.db, 100)).filter((d) => d.deviceId === id);
    await markStale(api.db, [{ deviceId: id, fromMs: fromMs + HOUR }]);
    await clearStale(api.db, read!);
    const [kept] = (await staleDevices(api.db, 100)).filter((d) => d.deviceId === id);
    expect(kept).toMatchObject({ fromMs, marks: 2 });
    await clearStale(api.db, kept!);
    expect((await staleDevices(api.db, 100)).some((d) => d.deviceId === id)).toBe(false);
  });
});

describe('earliestLateTime', () => {
  const nowMs = 1_750_000_000_000;
  it('finds the earliest sample older than the late limit', () => {
    const points = [nowMs - HOUR, nowMs - 2 * HOUR, nowMs].map((timeMs) => ({ timeMs }));
    expect(earliestLateTime(points, nowMs - LATE_AFTER_MS)).toBe(nowMs - 2 * HOUR);
    expect(earliestLateTime([{ timeMs: nowMs }], nowMs - 1)).toBeUndefined();
    expect(earliestLateTime([], nowMs)).toBeUndefined();
  });
});

describe('choosePolicy', () => {
  const { retention } = parseConfig({}).influx;
  const nowMs = Date.now();
  const range = (days: number, stepS: number, agoDays = 0) => ({
    from: new Date(nowMs - (days + agoDays) * 86_400_000),
    to: new Date(nowMs - agoDays * 86_400_000),
    stepS,
  });
  it('picks the coarsest series with a row per step that keeps the range', () => {
    expect(choosePolicy(range(1 / 24, 10), retention, nowMs)).toBeUndefined();
    expect(choosePolicy(range(1, 120), retention, nowMs)?.name).toBe('rollup_1m');
    expect(choosePolicy(range(7, 900), retention, nowMs)?.name).toBe('rollup_1m');
    expect(choosePolicy(range(30, 3600), retention, nowMs)?.name).toBe('rollup_1h');
    expect(choosePolicy(range(90, 7200), retention, nowMs)?.name).toBe('rollup_1h');
  });
  it('falls back to a coarser series than the step when the finer ones no longer keep it', () => {
    // An hour, 20 days ago: raw samples are gone after 7 days; the 1-minute rollup has it.
    expect(choosePolicy(range(1 / 24, 10, 20), retention, nowMs)?.name).toBe('rollup_1m');
    // A day, 60 days ago: only the 1-hour rollup reaches back that far.
    expect(choosePolicy(range(1, 120, 60), retention, nowMs)?.name).toBe('rollup_1h');
  });
});

describe('GET /v1/devices/:id/metrics', () => {
  it('reads 30 days from the 1-hour rollup, the same figures as from raw samples', async () => {
    const user = await registerUser(api.url);
    const { device } = await createDevice(api.url, user);
    // Half past an hour, the next one from now, whatever the minute the test runs at: the hour
    // before has settled (its 1-hour row is computed SETTLE_MS after it ends; until then a chart
    // takes it from the 1-minute rollup, the minutes so far, which differs from raw), and this
    // one has minutes rolled up. Where a chart splits follows the watermarks, which follow this
    // nowMs, not the wall clock; samples up to an hour ahead of it are fine for InfluxDB.
    const nowMs = Math.ceil((Date.now() - 30 * MINUTE) / HOUR) * HOUR + 30 * MINUTE;
    const fromMs = Math.floor((nowMs - 6 * HOUR) / HOUR) * HOUR;
    // Written, then marked, as the write gateway does: earlier passes covered these hours.
    const written = samples(device.id, fromMs, nowMs, 3);
    await write(metrics, written.lines);
    await markLateSamples(
      { db: api.db, config },
      device.id,
      [...written.gpu, ...written.host],
      nowMs,
    );
    await runRollups({ db: api.db, config, logger }, metrics, { nowMs });
    // The same requests on an API that reads raw samples only.
    const raw = await startTestApi({
      ...api.env,
      INFLUX_ROLLUPS: 'false',
      INFLUX_RAW_RETENTION: '31d',
      ROLLUP_INTERVAL_MS: '600000',
    });
    const hour = Math.floor(nowMs / HOUR) * HOUR;
    const pathTo = (toMs: number) => {
      const from = new Date(toMs - 30 * 86_400_000).toISOString();
      return `/v1/devices/${device.id}/metrics?from=${from}&to=${new Date(toMs).toISOString()}&step=1h`;
    };
    const get = (base: string, path: string) => request(base, 'GET', path, { bearer: user.token });
    try {
      // Ending on the hour (all from the 1-hour rollup, the last hour having settled), and
      // ending now: the newest hour comes from the 1-minute rollup, which lags SETTLE_MS: that
      // bucket is there, its value is the minutes' so far.
      for (const [path, settled] of [
        [pathTo(hour), Infinity],
        [pathTo(nowMs), -1],
      ] as const) {
        const [rolled, baseline] = await Promise.all([get(api.url, path), get(raw.url, path)]);
        expect(rolled.status).toBe(200);
        expect(baseline.status).toBe(200);
        const names = (body: typeof rolled.body) =>
          body.series.map((s: { name: string; gpu?: string }) => `${s.name}/${s.gpu ?? ''}`);
        expect(names(rolled.body)).toEqual(names(baseline.body));
        for (const [index, series] of rolled.body.series.entries()) {
          const expected = baseline.body.series[index];
          expect(series.points.map((p: [string]) => p[0])).toEqual(
            expected.points.map((p: [string]) => p[0]),
          );
          series.points
            .slice(0, settled)
            .forEach((point: [string, number], i: number) =>
              expect(point[1]).toBeCloseTo(expected.points[i][1], 3),
            );
        }
        const rx = rolled.body.series.find((s: { name: string }) => s.name === 'rxRate');
        expect(rx.points.length).toBeGreaterThan(3);
      }
      // Proof that it reads the rollup: a rollup row changed behind its back shows.
      const rows = await rollupRows('rollup_1h', 'gpu', device.id);
      const gpu0 = rows.find((one) => one.tags?.gpu === '0')!;
      const hourMs = Number(gpu0.values[1]![0]);
      await metrics.write(
        `gpu,device=${device.id},gpu=0,model=RTX\\ 4090 temperature_c_mean=999 ${hourMs}`,
        { precision: 'ms', retentionPolicy: 'rollup_1h' },
      );
      const changed = (await get(api.url, pathTo(hour))).body.series[0];
      const untouched = (await get(raw.url, pathTo(hour))).body.series[0];
      const at = new Date(hourMs).toISOString();
      expect(changed.points.find((p: [string]) => p[0] === at)[1]).toBe(999);
      expect(untouched.points.find((p: [string]) => p[0] === at)[1]).toBeLessThan(100);
    } finally {
      await raw.close();
    }
  });
});
