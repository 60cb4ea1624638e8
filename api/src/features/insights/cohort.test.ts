import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { insertEnergyHour } from '../../test/ledger-energy-rows.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { cohortMedians } from './insights.queries.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const windowStart = () => new Date(Date.now() - 30 * DAY);

/** One device's 30 days: GPU-hours used, lamports credited; `old` adds use 40 days back. */
type Use = { gpuHours: number; lamports: number; old?: boolean };

async function addDevice(user: TestUser, model: string, use: Use): Promise<string> {
  const { id } = (await createDevice(api.url, user, `${model}-rig`)).device;
  await api.db
    .updateTable('devices')
    .set({ gpus: JSON.stringify([{ index: 0, model, memoryTotalMiB: 81_559 }]) })
    .where('id', '=', id)
    .execute();
  const hourMs = Math.floor((Date.now() - DAY) / HOUR) * HOUR;
  const row = { deviceId: id, energyWh: 300, coveredS: 3600 * use.gpuHours, gpus: 1 };
  await insertEnergyHour(api.db, { ...row, hourMs });
  if (use.old) await insertEnergyHour(api.db, { ...row, hourMs: hourMs - 40 * DAY });
  await api.db
    .insertInto('ledger_entries')
    .values({
      account_id: user.id,
      kind: 'job',
      amount_lamports: use.lamports.toString(),
      device_id: id,
      at: new Date(hourMs),
    })
    .execute();
  return id;
}

/** An account with one device per entry of `uses`, all of `model`. */
async function addAccount(model: string, uses: Use[]) {
  const user = await registerUser(api.url);
  const deviceIds: string[] = [];
  for (const use of uses) deviceIds.push(await addDevice(user, model, use));
  return { user, deviceIds };
}

async function cohortOf(model: string) {
  const rows = await cohortMedians(api.db, windowStart(), 5);
  return rows.find((row) => row.model === model);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2
    ? sorted[Math.floor(middle)]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('cohort medians', () => {
  it('a model shows only once 5 accounts run it', async () => {
    for (let i = 0; i < 4; i++)
      await addAccount('four-or-five', [{ gpuHours: 10, lamports: 1000 }]);
    expect(await cohortOf('four-or-five')).toBeUndefined();
    await addAccount('four-or-five', [{ gpuHours: 10, lamports: 1000 }]);
    expect(await cohortOf('four-or-five')).toMatchObject({ accounts: 5, devices: 5, median: 100 });
  });

  it('the cohort median ignores accounts below the threshold', async () => {
    for (let i = 0; i < 4; i++) await addAccount('threshold', [{ gpuHours: 4, lamports: 400 }]);
    // Half a GPU-hour: under the minimum, so neither counted nor in the median.
    await addAccount('threshold', [{ gpuHours: 0.5, lamports: 1_000_000 }]);
    expect(await cohortOf('threshold')).toBeUndefined();
    await addAccount('threshold', [{ gpuHours: 4, lamports: 800 }]);
    expect(await cohortOf('threshold')).toMatchObject({ accounts: 5, devices: 5, median: 100 });
  });

  it('is the median of every qualifying device, old use left out', async () => {
    const uses: Use[][] = [
      [
        { gpuHours: 10, lamports: 1_234_567 },
        { gpuHours: 3, lamports: 0 },
      ],
      [{ gpuHours: 7, lamports: 9_000_001, old: true }],
      [{ gpuHours: 24, lamports: 2_500_000 }],
      [
        { gpuHours: 2, lamports: 333_333 },
        { gpuHours: 50, lamports: 40_000_000 },
      ],
      [{ gpuHours: 1, lamports: 77_777 }],
    ];
    for (const account of uses) await addAccount('exact', account);
    const expected = median(uses.flat().map((use) => use.lamports / use.gpuHours));
    const cohort = await cohortOf('exact');
    expect(cohort).toMatchObject({ accounts: 5, devices: 7 });
    expect(cohort?.median).toBeCloseTo(expected, 6);
  });
});

describe('GET /v1/devices/:id/insights cohort', () => {
  it("compares with the model's median, showing no other account's device or value", async () => {
    const others = [];
    for (const lamports of [1000, 2000, 3000, 4000]) {
      others.push(await addAccount('shared-h100', [{ gpuHours: 10, lamports }]));
    }
    const owner = await addAccount('shared-h100', [{ gpuHours: 10, lamports: 500 }]);
    const [deviceId] = owner.deviceIds;
    const reply = await request(api.url, 'GET', `/v1/devices/${deviceId}/insights`, {
      bearer: owner.user.token,
    });
    expect(reply.status).toBe(200);
    const cohort = {
      model: 'shared-h100',
      devicePerGpuHourLamports: '50',
      cohortMedianPerGpuHourLamports: '200',
      accounts: 5,
      devices: 5,
    };
    expect(reply.body).toEqual({
      cohort,
      insights: [expect.objectContaining({ kind: 'below_cohort', deviceId, cohort })],
    });
    const all = await request(api.url, 'GET', '/v1/insights', { bearer: owner.user.token });
    expect(all.body.insights.map((insight: { deviceId: string }) => insight.deviceId)).toEqual([
      deviceId,
    ]);
    const text = JSON.stringify([reply.body, all.body]);
    for (const other of others) expect(text).not.toContain(other.deviceIds[0]);
    for (const rate of ['"100"', '"300"', '"400"']) expect(text).not.toContain(rate);
  });
});
