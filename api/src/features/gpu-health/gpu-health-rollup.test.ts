import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { parseConfig } from '../../config.js';
import { createInfluxClient, type MetricsStore } from '../../influx/influx-client.js';
import { createLogger } from '../../lib/logger.js';
import { enrolledDevice, registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { markStale } from '../metric-rollups/metric-rollups.queries.js';
import { runRollups } from '../metric-rollups/rollup-scheduler.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The throttled shares are rounded to 4 places: the rollup path must agree to that. */
const TOLERANCE = 1e-4;

type Sample = { timeMs: number; gpu: number; power: number; thermal: number };

/**
 * A day and an hour of two GPUs, a sample a minute. GPU 0 sits at the power cap a quarter of the
 * time, and its driver reloads twice (counters from 0). GPU 1 reported once at the start of the
 * hour the window begins in, before the window, then nothing until 5 h ago.
 */
function samplesOf(nowMs: number): Sample[] {
  const samples: Sample[] = [];
  let power = 7e9;
  let thermal = 0;
  for (let timeMs = nowMs - DAY - HOUR, i = 0; timeMs < nowMs; timeMs += MINUTE, i += 1) {
    power = i === 700 || i === 1200 ? 5e6 : power + 15e6;
    thermal += i % 60 < 3 ? 60e6 : 0;
    samples.push({ timeMs, gpu: 0, power, thermal });
  }
  samples.push({
    timeMs: Math.floor((nowMs - DAY) / HOUR) * HOUR + 1,
    gpu: 1,
    power: 9e12,
    thermal: 9e12,
  });
  for (let timeMs = nowMs - 5 * HOUR, i = 0; timeMs < nowMs; timeMs += MINUTE, i += 1) {
    samples.push({ timeMs, gpu: 1, power: 1000 + i * 6e6, thermal: 0 });
  }
  return samples;
}

/** The growth of a counter sample by sample, from 0 again after each restart. */
function exactGrowth(values: number[]): number {
  let growth = 0;
  for (let i = 1; i < values.length; i += 1) {
    growth += values[i]! >= values[i - 1]! ? values[i]! - values[i - 1]! : values[i]!;
  }
  return growth;
}

function expectedShares(samples: Sample[], gpu: number, fromMs: number, toMs: number) {
  const inWindow = samples.filter((s) => s.gpu === gpu && s.timeMs >= fromMs && s.timeMs < toMs);
  const share = (values: number[]) => exactGrowth(values) / 1000 / (toMs - fromMs);
  return {
    powerCap: share(inWindow.map((s) => s.power)),
    thermal: share(inWindow.map((s) => s.thermal)),
  };
}

const line = (deviceId: string, s: Sample) =>
  `gpu,device=${deviceId},gpu=${s.gpu},model=NVIDIA\\ H200 temperature_c=60,throttle_power_us=${s.power}i,throttle_thermal_us=${s.thermal}i,throttle_hw_us=0i ${s.timeMs}`;

let api: TestApi;
let metrics: MetricsStore;

beforeAll(async () => {
  // The API's own rollup loop stays out of the way: the test runs its pass itself.
  api = await startTestApi({ ROLLUP_INTERVAL_MS: '600000' });
  const config = parseConfig({ INFLUX_URL: inject('influxUrl'), INFLUX_DB: api.env.INFLUX_DB });
  metrics = createInfluxClient({ ...config.influx, url: config.influx.url! });
});

afterAll(async () => {
  await api?.close();
});

describe('GET /v1/devices/:id/health from the 1-hour rollup', () => {
  it('counts the rolled-up hours from the rollup, the rest from raw samples, exactly', async () => {
    const user = await registerUser(api.url);
    const device = await enrolledDevice(api.url, user, 'rolled-up');
    const nowMs = Date.now();
    const samples = samplesOf(nowMs);
    // Straight to InfluxDB, as rollup tests do: samples through the gateway this old would mark
    // the device stale (and send it to the raw samples).
    await metrics.write(samples.map((s) => line(device.id, s)).join('\n'), { precision: 'ms' });
    const config = parseConfig({ INFLUX_URL: inject('influxUrl'), INFLUX_DB: api.env.INFLUX_DB });
    await runRollups({ db: api.db, config, logger: createLogger('silent') }, metrics, { nowMs });
    // A sample the rollup has not seen (a driver reload at the end of an hour 12 h ago): only a
    // read of the raw samples counts it.
    const hourEnd = Math.floor((nowMs - 12 * HOUR) / HOUR) * HOUR + HOUR - 1;
    const unseen = { timeMs: hourEnd, gpu: 0, power: 0, thermal: 0 };
    await metrics.write(line(device.id, unseen), { precision: 'ms' });

    const health = async () => {
      const reply = await request(api.url, 'GET', `/v1/devices/${device.id}/health`, {
        bearer: user.token,
      });
      expect(reply.status).toBe(200);
      const { from, to, gpus } = reply.body;
      return { fromMs: Date.parse(from), toMs: Date.parse(to), gpus };
    };
    const expectShares = (answer: Awaited<ReturnType<typeof health>>, withSamples: Sample[]) => {
      for (const gpu of [0, 1]) {
        const expected = expectedShares(withSamples, gpu, answer.fromMs, answer.toMs);
        const { throttled } = answer.gpus[gpu];
        expect(Math.abs(throttled.powerCap - expected.powerCap), `GPU ${gpu}`).toBeLessThanOrEqual(
          TOLERANCE,
        );
        expect(Math.abs(throttled.thermal - expected.thermal), `GPU ${gpu}`).toBeLessThanOrEqual(
          TOLERANCE,
        );
        expect(throttled.hardware).toBe(0);
      }
    };

    const rolledUp = await health();
    expect(rolledUp.gpus.map((gpu: { index: number }) => gpu.index)).toEqual([0, 1]);
    expect(rolledUp.gpus[0].throttled.powerCap).toBeGreaterThan(0.2);
    expectShares(rolledUp, samples);

    // A device marked stale reads raw samples, the late one included.
    await markStale(api.db, [{ deviceId: device.id, fromMs: nowMs - DAY - 2 * HOUR }]);
    const raw = await health();
    expectShares(
      raw,
      [...samples, unseen].sort((a, b) => a.timeMs - b.timeMs),
    );
    expect(raw.gpus[0].throttled.powerCap).not.toBe(rolledUp.gpus[0].throttled.powerCap);
  });
});
