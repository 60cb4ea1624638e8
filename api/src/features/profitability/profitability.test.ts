import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
let owner: TestUser;
let deviceId: string;

const INTERVAL_MS = 10_000;
const HOUR_MS = 3_600_000;
const now = Date.now();
/** 60 min of samples, a 10-minute outage, then 50 min more; all within the last 3 hours. */
const start = Math.floor((now - 3 * HOUR_MS) / INTERVAL_MS) * INTERVAL_MS;
const sampleTimes = [
  ...Array.from({ length: 360 }, (_, i) => start + i * INTERVAL_MS),
  ...Array.from({ length: 300 }, (_, i) => start + 4_200_000 + i * INTERVAL_MS),
];
/** GPU 0 steps from 200 W to 400 W across the outage; GPU 1 ramps 0.5 W a sample from 250 W. */
const profile = {
  '0': sampleTimes.map((_, i) => (i < 360 ? 200 : 400)),
  '1': sampleTimes.map((_, i) => 250 + i / 2),
};

/** The integral with gaps left out, written apart from the API's: trapezoids, ≤ 3 intervals. */
function expectedWattSeconds(): number {
  let total = 0;
  for (const watts of Object.values(profile)) {
    for (let i = 1; i < sampleTimes.length; i += 1) {
      const dt = (sampleTimes[i]! - sampleTimes[i - 1]!) / 1000;
      if (dt <= 30) total += ((watts[i]! + watts[i - 1]!) / 2) * dt;
    }
  }
  return total;
}

async function writeSamples(credential: string) {
  const lines = sampleTimes.flatMap((t, i) => [
    `gpu,gpu=0 power_w=${profile['0'][i]},temperature_c=60 ${t}`,
    `gpu,gpu=1 power_w=${profile['1'][i]},temperature_c=61 ${t}`,
    `host interval_s=10,uptime_s=${i * 10} ${t}`,
  ]);
  const response = await fetch(`${api.url}/api/v2/write?precision=ms`, {
    method: 'POST',
    headers: { authorization: `Token ${credential}` },
    body: lines.join('\n'),
  });
  expect(response.status).toBe(204);
}

async function ledger(
  accountId: string,
  entry: { kind: 'job' | 'payout' | 'adjustment'; lamports: string; device: string | null },
  at: number,
) {
  await api.db
    .insertInto('ledger_entries')
    .values({
      account_id: accountId,
      kind: entry.kind,
      amount_lamports: entry.lamports,
      device_id: entry.device,
      at: new Date(at),
    })
    .execute();
}

function profitability(user: TestUser, id: string, query = '') {
  return request(api.url, 'GET', `/v1/devices/${id}/profitability${query}`, {
    bearer: user.token,
  });
}

beforeAll(async () => {
  api = await startTestApi();
  owner = await registerUser(api.url);
  const created = await createDevice(api.url, owner, 'profit-rig');
  deviceId = created.device.id;
  const other = await createDevice(api.url, owner, 'other-rig');
  await writeSamples((await enroll(api.url, created.enrollment.token)).body.credential);
  const settings = await request(api.url, 'PATCH', '/v1/me/settings', {
    bearer: owner.token,
    body: { electricityPrice: '0.2345', solPrice: '151.37', currency: 'EUR' },
  });
  expect(settings.status).toBe(200);
  const device = (lamports: string, kind: 'job' | 'adjustment' = 'job') => ({
    kind,
    lamports,
    device: deviceId,
  });
  await ledger(owner.id, device('1500000000'), now - 2 * HOUR_MS);
  await ledger(owner.id, device('2250000001'), now - 1.5 * HOUR_MS);
  await ledger(owner.id, device('-250000000', 'adjustment'), now - HOUR_MS);
  await ledger(owner.id, device('4000000000'), now - 2 * 24 * HOUR_MS);
  // Not this device's earnings in the window: a payout, an account entry, another device.
  await ledger(owner.id, { kind: 'payout', lamports: '-900000000', device: deviceId }, now);
  await ledger(owner.id, { kind: 'adjustment', lamports: '7', device: null }, now - HOUR_MS);
  await ledger(owner.id, { kind: 'job', lamports: '5', device: other.device.id }, now - HOUR_MS);
});
afterAll(() => api.close());

describe('GET /v1/devices/:id/profitability', () => {
  it('integrates measured power without the outage and prices it exactly', async () => {
    const reply = await profitability(owner, deviceId, '?days=1');
    expect(reply.status).toBe(200);
    const { basis } = reply.body;
    const expectedKwh = expectedWattSeconds() / 3_600_000;
    expect(expectedKwh).toBeCloseTo(1.2896958, 6);
    expect(Math.abs(basis.kwh - expectedKwh) / expectedKwh).toBeLessThan(0.01);
    expect(basis).toMatchObject({
      days: 1,
      intervalS: 10,
      kwh: 1.289696,
      samples: 1320,
      gpus: 2,
      hoursCovered: 1.828,
      electricityPrice: '0.2345',
      solPrice: '151.37',
      revenueLamports: '3500000001',
      notes: [],
    });
    expect(Date.parse(basis.to) - Date.parse(basis.from)).toBe(24 * HOUR_MS);
    expect(reply.body).toMatchObject({
      revenuePerDay: '529.795',
      revenueLamportsPerDay: '3500000001',
      powerKwhPerDay: 1.289696,
      powerCostPerDay: '0.302434',
      profitPerDay: '529.492566',
      profitPerMonth: '15884.77698',
      breakEvenElectricityPrice: '410.790605',
      currency: 'EUR',
    });
  });

  it('leaves out the gap that InfluxQL integral() would have filled in', async () => {
    const series = await api.influx(
      `SELECT integral("power_w", 1s) FROM "gpu" WHERE "device" = '${deviceId}' GROUP BY "gpu"`,
    );
    const interpolated = series.reduce((sum, s) => sum + Number(s.values[0]?.[1]), 0);
    // Across the 610 s pause: GPU 0 (200+400)/2 W, GPU 1 (429.5+430)/2 W.
    const gapWattSeconds = 300 * 610 + 429.75 * 610;
    const reply = await profitability(owner, deviceId, '?days=1');
    const measured = reply.body.basis.kwh * 3_600_000;
    expect(interpolated - measured).toBeGreaterThan(gapWattSeconds * 0.99);
    expect(interpolated - measured).toBeLessThan(gapWattSeconds * 1.01);
  });

  it('divides by the whole window: days=7 counts the older job and averages over 7 days', async () => {
    const reply = await profitability(owner, deviceId);
    expect(reply.status).toBe(200);
    expect(reply.body.basis).toMatchObject({ days: 7, revenueLamports: '7500000001' });
    expect(reply.body).toMatchObject({
      revenueLamportsPerDay: '1071428572',
      revenuePerDay: '162.182143',
      powerKwhPerDay: 0.184242,
      powerCostPerDay: '0.043205',
      profitPerDay: '162.138938',
      profitPerMonth: '4864.16814',
    });
  });

  it('answers zeros without samples and says why fiat is null without a SOL price', async () => {
    const stranger = await registerUser(api.url);
    const idle = await createDevice(api.url, stranger, 'idle-rig');
    const reply = await profitability(stranger, idle.device.id);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      revenuePerDay: null,
      revenueLamportsPerDay: '0',
      powerKwhPerDay: 0,
      powerCostPerDay: '0.00',
      profitPerDay: null,
      profitPerMonth: null,
      breakEvenElectricityPrice: null,
      currency: 'USD',
    });
    expect(reply.body.basis).toMatchObject({ hoursCovered: 0, kwh: 0, samples: 0, gpus: 0 });
    expect(reply.body.basis.notes.join(' ')).toMatch(/SOL price/);
    expect(reply.body.basis.notes.join(' ')).toMatch(/No power samples/);
    // Another account’s device is not found, either way round.
    expect((await profitability(stranger, deviceId)).status).toBe(404);
    expect((await profitability(owner, idle.device.id)).status).toBe(404);
  });

  it('refuses days outside 1–90 and anonymous callers', async () => {
    for (const days of ['0', '91', '2.5', 'week']) {
      const reply = await profitability(owner, deviceId, `?days=${days}`);
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toMatch(/^days: /);
    }
    const anonymous = await request(api.url, 'GET', `/v1/devices/${deviceId}/profitability`);
    expect(anonymous.status).toBe(401);
  });

  it('answers 503 when InfluxDB is not configured', async () => {
    const bare = await startTestApi({ INFLUX_URL: '' });
    try {
      const user = await registerUser(bare.url);
      const { device } = await createDevice(bare.url, user);
      const reply = await request(bare.url, 'GET', `/v1/devices/${device.id}/profitability`, {
        bearer: user.token,
      });
      expect(reply.status).toBe(503);
      expect(reply.body.error.message).toMatch(/not configured/);
    } finally {
      await bare.close();
    }
  });
});

function estimate(body: unknown) {
  return request(api.url, 'POST', '/v1/profitability/estimate', { body });
}

describe('POST /v1/profitability/estimate', () => {
  const base = { gpuCount: 1, electricityPrice: '0.15', hoursPerDay: 24 };

  it('matches models however they are written', async () => {
    for (const gpuModel of ['RTX 4090', 'rtx4090', 'NVIDIA GeForce RTX 4090', ' 4090 ']) {
      const reply = await estimate({ ...base, gpuModel });
      expect(reply.status).toBe(200);
      expect(reply.body.basis.rateCard.model).toBe('RTX 4090');
    }
    const a100 = await estimate({ ...base, gpuModel: 'NVIDIA A100-PCIE-40GB' });
    expect(a100.body.basis.rateCard.model).toBe('A100 40GB');
  });

  it('uses the rate card power when powerW is left out', async () => {
    const reply = await estimate({ ...base, gpuModel: 'RTX 4090' });
    expect(reply.body.basis.rateCard).toMatchObject({ usdPerGpuHour: '0.35', powerW: 450 });
    expect(reply.body.basis.rateCard.source).toMatch(/indicative/i);
    expect(reply.body).toMatchObject({
      revenuePerDay: '8.40',
      revenueLamportsPerDay: null,
      powerKwhPerDay: 10.8,
      powerCostPerDay: '1.62',
      profitPerDay: '6.78',
      profitPerMonth: '203.40',
      breakEvenElectricityPrice: '0.777778',
      currency: 'USD',
    });
    expect(reply.body.basis).toMatchObject({ powerW: 450, powerSource: 'rate_card' });
  });

  it('computes exactly where floats would round wrongly, with powerW overridden', async () => {
    // 0.35 × 3 × 20.5 is 21.524999999999995 in floats; 26.90625 kWh × 0.2345 = 6.309515625.
    const first = await estimate({
      gpuModel: 'RTX 4090',
      gpuCount: 3,
      powerW: 437.5,
      electricityPrice: '0.2345',
      hoursPerDay: '20.5',
    });
    expect(first.body).toMatchObject({
      revenuePerDay: '21.525',
      powerKwhPerDay: 26.90625,
      powerCostPerDay: '6.309516',
      profitPerDay: '15.215484',
      profitPerMonth: '456.46452',
      breakEvenElectricityPrice: '0.80',
    });
    expect(first.body.basis).toMatchObject({
      powerW: 437.5,
      powerSource: 'request',
      kwh: 26.90625,
    });
    // 2.5 kWh × 0.123457 = 0.3086425: toFixed(6) says 0.308642, half-up says 0.308643.
    const second = await estimate({
      gpuModel: 'rtx 4090',
      gpuCount: 1,
      powerW: '250',
      electricityPrice: 0.123457,
      hoursPerDay: 10,
    });
    expect(second.body).toMatchObject({
      revenuePerDay: '3.50',
      powerCostPerDay: '0.308643',
      profitPerDay: '3.191357',
      breakEvenElectricityPrice: '1.40',
    });
  });

  it('names the field of every bad input', async () => {
    const unknown = await estimate({ ...base, gpuModel: 'Voodoo 5 6000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_gpu_model');
    expect(unknown.body.error.message).toMatch(/^gpuModel: .*Voodoo.*H100/);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ gpuCount: 0 }, /^gpuCount: must be at least 1/],
      [{ gpuCount: 65 }, /^gpuCount: must be at most 64/],
      [{ gpuCount: 1.5 }, /^gpuCount: must be a whole number/],
      [{ hoursPerDay: 25 }, /^hoursPerDay: must be at most 24/],
      [{ hoursPerDay: -1 }, /^hoursPerDay: must be a non-negative number/],
      [{ powerW: 0 }, /^powerW: must be more than 0/],
      [{ electricityPrice: 'cheap' }, /^electricityPrice: /],
      [{ gpuModel: undefined }, /^gpuModel: is required/],
      [{ extra: true }, /has fields this endpoint does not accept/],
    ];
    for (const [change, message] of cases) {
      const reply = await estimate({ gpuModel: 'H100', ...base, ...change });
      expect(reply.status, JSON.stringify(change)).toBe(400);
      expect(reply.body.error.message).toMatch(message);
    }
  });
});
