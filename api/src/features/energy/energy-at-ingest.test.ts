import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { measureEnergy } from '../profitability/profitability.queries.js';
import { sumEnergyHours } from './energy.queries.js';

const HOUR_MS = 3_600_000;
const INTERVAL_MS = 10_000;
/** The default: writes wait in each instance's buffer for up to a second. */
const BATCHED = { DEVICE_STATE_FLUSH_MS: '1000' };

let api: TestApi;
let second: TestApi;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi(BATCHED);
  second = await startTestApi({ ...api.env, ...BATCHED });
  user = await registerUser(api.url);
});
afterAll(async () => {
  await second?.close();
  await api?.close();
});

async function enrolledNode(name: string) {
  const created = await createDevice(api.url, user, name);
  const { credential } = (await enroll(api.url, created.enrollment.token)).body;
  const write = (base: string, lines: string[]) =>
    fetch(`${base}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}` },
      body: lines.join('\n'),
    }).then((response) => response.status);
  return { id: created.device.id as string, write };
}

/** Two GPUs; GPU 1 reports NVML's energy counter every sixth sample. */
function lines(times: number[], index0: number): string[] {
  return times.flatMap((t, offset) => {
    const i = index0 + offset;
    const counter = i % 6 === 0 ? `,energy_mj=${1_000_000 + i * 10 * 300 * 1000}i` : '';
    return [
      `gpu,gpu=0 power_w=${200 + (i % 9) * 25},utilization_pct=${i % 4 === 0 ? 0 : 80} ${t}`,
      `gpu,gpu=1 power_w=300,utilization_pct=3${counter} ${t}`,
      `host interval_s=10 ${t}`,
    ];
  });
}

async function energyRow(deviceId: string) {
  return api.db
    .selectFrom('devices')
    .select(['energy_cursor', 'energy_stale_from', 'reported_status'])
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow();
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Hours kept at ingest against today's raw-sample integral, over everything written. */
async function compareWithRaw(deviceId: string, fromMs: number) {
  const window = { from: new Date(fromMs - HOUR_MS), to: new Date(Date.now() + HOUR_MS) };
  const raw = await measureEnergy({ query: api.influx }, deviceId, window, 10);
  const hours = await sumEnergyHours(api.db, deviceId, window);
  return { raw, hours };
}

describe('energy and coverage kept at ingest', () => {
  it('agrees with the raw integral within 0.5 %, a replayed buffer and an outage included', async () => {
    const node = await enrolledNode('energy-rig');
    const start = Math.floor((Date.now() - 2.5 * HOUR_MS) / INTERVAL_MS) * INTERVAL_MS;
    const times = Array.from({ length: 880 }, (_, i) => start + i * INTERVAL_MS);
    const chunks: [number, number][] = [];
    for (let i = 0; i < times.length; i += 30) chunks.push([i, Math.min(times.length, i + 30)]);
    // A 10-minute outage, and a buffer sent after the samples that followed it.
    const kept = chunks.filter(([from]) => from < 300 || from >= 360);
    const replayed = kept.findIndex(([from]) => from === 600);
    [kept[replayed], kept[replayed + 1]] = [kept[replayed + 1]!, kept[replayed]!];
    let marked = false;
    for (const [from, to] of kept) {
      expect(await node.write(api.url, lines(times.slice(from, to), from))).toBe(204);
      await api.flush();
      marked ||= (await energyRow(node.id)).energy_stale_from !== null;
    }
    // The late buffer marked its hours; the repair recomputes them from InfluxDB.
    expect(marked).toBe(true);
    await waitFor(async () => (await energyRow(node.id)).energy_stale_from === null, 20_000);
    const { raw, hours } = await compareWithRaw(node.id, start);
    expect(raw.wattHours).toBeGreaterThan(0);
    expect(Math.abs(hours.energyWh - raw.wattHours) / raw.wattHours).toBeLessThan(0.005);
    expect(hours.coveredS * 1000).toBeCloseTo(raw.coveredMs, -3);
    expect(hours.samples).toBe(raw.samples);

    const reply = await request(api.url, 'GET', `/v1/devices/${node.id}/profitability?days=1`, {
      bearer: user.token,
    });
    expect(reply.status).toBe(200);
    // GPU 1's counter grows 300 W's worth; it also counts the outage, the power integral not.
    const counterKwh = (300 * (times.at(-1)! - start)) / 1000 / 3_600_000;
    expect(reply.body.basis.counterKwh).toBeCloseTo(counterKwh, 1);
    expect(reply.body.basis.busyHours).toBeGreaterThan(0.5);
    expect(reply.body.basis.busyHours).toBeLessThan(reply.body.basis.hoursCovered);
  }, 60_000);
});

describe('two API instances on one database', () => {
  it('bridge a device’s samples through the stored cursor, credit uptime once and announce online once', async () => {
    const node = await enrolledNode('two-instance-rig');
    const start = Math.floor((Date.now() - 20 * 60_000) / INTERVAL_MS) * INTERVAL_MS;
    const enrolledAt = Date.now();
    for (let i = 0; i < 60; i += 1) {
      const instance = i % 2 === 0 ? api : second;
      expect(await node.write(instance.url, lines([start + i * INTERVAL_MS], i))).toBe(204);
      await instance.flush();
    }
    const elapsedS = (Date.now() - enrolledAt) / 1000;
    expect((await energyRow(node.id)).energy_stale_from).toBeNull();
    const { raw, hours } = await compareWithRaw(node.id, start);
    expect(Math.abs(hours.energyWh - raw.wattHours) / raw.wattHours).toBeLessThan(0.005);

    const credited = await api.db
      .selectFrom('device_uptime_days')
      .select(sql<number>`sum(covered_seconds)`.as('total'))
      .where('device_id', '=', node.id)
      .executeTakeFirstOrThrow();
    expect(Number(credited.total)).toBeLessThanOrEqual(elapsedS + 1);
    const online = await api.db
      .selectFrom('notifications')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('device_id', '=', node.id)
      .where('kind', '=', 'device.online')
      .executeTakeFirstOrThrow();
    expect(online.count).toBe(1);
  }, 60_000);

  it('credit parallel writes on both instances once, with their flushes racing', async () => {
    const node = await enrolledNode('racing-rig');
    expect(await node.write(api.url, [`host interval_s=10 ${Date.now()}`])).toBe(204);
    await api.flush();
    const writes = Array.from({ length: 40 }, (_, index) =>
      node.write(index % 2 ? api.url : second.url, [`host cpu_pct=${index} ${Date.now()}`]),
    );
    expect((await Promise.all(writes)).every((status) => status === 204)).toBe(true);
    const lastWrite = Date.now();
    await Promise.all([api.flush(), second.flush()]);
    const credited = await api.db
      .selectFrom('device_uptime_days')
      .select(sql<number>`sum(covered_seconds)`.as('total'))
      .where('device_id', '=', node.id)
      .executeTakeFirstOrThrow();
    const device = await api.db
      .selectFrom('devices')
      .select(['enrolled_at', 'last_seen_at'])
      .where('id', '=', node.id)
      .executeTakeFirstOrThrow();
    // Never more than the time from enrollment to the last write, whoever flushed first.
    const enrolledAt = device.enrolled_at!.getTime();
    expect(Number(credited.total)).toBeLessThanOrEqual((lastWrite - enrolledAt) / 1000 + 0.05);
    expect(Number(credited.total)).toBeGreaterThan(0);
    expect(device.last_seen_at!.getTime()).toBeLessThanOrEqual(lastWrite);
  });

  it('refuses a deleted device on the other instance at once, and a credential changed in the database within 5 s', async () => {
    const node = await enrolledNode('revoked-rig');
    expect(await node.write(second.url, [`host cpu_pct=1 ${Date.now()}`])).toBe(204);
    const deleted = await request(api.url, 'DELETE', `/v1/devices/${node.id}`, {
      bearer: user.token,
    });
    expect(deleted.status).toBe(204);
    const refusedAfter = Date.now();
    await waitFor(async () => (await node.write(second.url, ['host cpu_pct=2'])) === 401, 1000);
    expect(Date.now() - refusedAfter).toBeLessThan(1000);

    const quiet = await enrolledNode('changed-in-psql');
    expect(await quiet.write(second.url, [`host cpu_pct=1 ${Date.now()}`])).toBe(204);
    await api.db
      .updateTable('devices')
      .set({ credential_hash: null })
      .where('id', '=', quiet.id)
      .execute();
    const changedAt = Date.now();
    await waitFor(async () => (await quiet.write(second.url, ['host cpu_pct=2'])) === 401, 7000);
    expect(Date.now() - changedAt).toBeLessThan(6000);
  }, 20_000);

  it('never marks a reporting device offline for the flush delay, even at a 1 s interval', async () => {
    const node = await enrolledNode('fast-rig');
    for (let i = 0; i < 14; i += 1) {
      const instance = i % 2 ? api : second;
      expect(await node.write(instance.url, [`host interval_s=1 ${Date.now()}`])).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const offline = await api.db
      .selectFrom('notifications')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('device_id', '=', node.id)
      .where('kind', '=', 'device.offline')
      .executeTakeFirstOrThrow();
    expect(offline.count).toBe(0);
    expect((await energyRow(node.id)).reported_status).toBe('online');
  }, 20_000);
});
