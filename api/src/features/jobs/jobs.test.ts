import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser, request, type TestUser } from '../../test/http.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
let owner: TestUser;
let deviceId: string;

beforeAll(async () => {
  api = await startTestApi();
  owner = await registerUser(api.url);
  deviceId = (await createDevice(api.url, owner, 'job-rig')).device.id;
});
afterAll(() => api.close());

function report(body: Record<string, unknown>) {
  return request(api.url, 'POST', '/v1/jobs', { bearer: ROLE_TOKENS.SERVICE_TOKEN, body });
}

async function ledgerFor(jobExternalId: string) {
  return api.db
    .selectFrom('ledger_entries')
    .innerJoin('jobs', 'jobs.id', 'ledger_entries.job_id')
    .select([
      'ledger_entries.amount_lamports',
      'ledger_entries.account_id',
      'ledger_entries.device_id',
    ])
    .where('jobs.external_id', '=', jobExternalId)
    .execute();
}

const startedAt = '2026-11-01T10:00:00Z';

describe('POST /v1/jobs', () => {
  it('credits the owner exactly once, whatever the order and number of reports', async () => {
    const externalId = `job-${Date.now()}-order`;
    const completed = {
      externalId,
      deviceId,
      status: 'completed',
      startedAt,
      endedAt: '2026-11-01T11:00:00Z',
      earningsLamports: '1500000000',
    };
    const running = { externalId, deviceId, status: 'running', startedAt };
    const assigned = { externalId, deviceId, status: 'assigned', startedAt };
    const first = await report(completed);
    expect(first.status).toBe(201);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      for (const body of [running, completed, assigned])
        expect((await report(body)).status).toBe(200);
    }
    const job = (await report(running)).body;
    expect(job).toMatchObject({
      externalId,
      status: 'completed',
      earningsLamports: '1500000000',
      endedAt: '2026-11-01T11:00:00.000Z',
    });
    const entries = await ledgerFor(externalId);
    expect(entries).toHaveLength(1);
    expect(BigInt(entries[0]!.amount_lamports)).toBe(1500000000n);
    expect(entries[0]!.account_id).toBe(owner.id);
    expect(entries[0]!.device_id).toBe(deviceId);
  });

  it('credits once under 20 concurrent reports of the same job on the real PostgreSQL', async () => {
    const externalId = `job-${Date.now()}-concurrent`;
    const body = { externalId, deviceId, status: 'completed', startedAt, earningsLamports: '700' };
    const replies = await Promise.all(Array.from({ length: 20 }, () => report(body)));
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    expect(await ledgerFor(externalId)).toHaveLength(1);
  });

  it('refuses a different amount, another terminal status and another device with 409', async () => {
    const externalId = `job-${Date.now()}-conflict`;
    await report({ externalId, deviceId, status: 'completed', startedAt, earningsLamports: '100' });
    const amount = await report({
      externalId,
      deviceId,
      status: 'completed',
      startedAt,
      earningsLamports: '101',
    });
    expect(amount.status).toBe(409);
    expect(amount.body.error.code).toBe('earnings_conflict');
    const terminal = await report({ externalId, deviceId, status: 'failed', startedAt });
    expect(terminal.body.error.code).toBe('job_final');
    const otherDevice = (await createDevice(api.url, owner, 'other')).device.id;
    const moved = await report({
      externalId,
      deviceId: otherDevice,
      status: 'completed',
      startedAt,
    });
    expect(moved.body.error.code).toBe('job_device_mismatch');
    const entries = await ledgerFor(externalId);
    expect(entries.map((entry) => BigInt(entry.amount_lamports))).toEqual([100n]);
  });

  it('answers 404 for an unknown or deleted device and 400 for bad reports', async () => {
    const unknown = await report({
      externalId: 'x-1',
      deviceId: '00000000-0000-4000-8000-000000000000',
      status: 'running',
      startedAt,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/unknown or deleted/);
    const doomed = (await createDevice(api.url, owner, 'doomed')).device.id;
    await request(api.url, 'DELETE', `/v1/devices/${doomed}`, { bearer: owner.token });
    expect(
      (await report({ externalId: 'x-2', deviceId: doomed, status: 'running', startedAt })).status,
    ).toBe(404);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ externalId: 'x', deviceId, status: 'paused', startedAt }, /^status: must be assigned/],
      [
        { externalId: 'x', deviceId, status: 'completed', startedAt, earningsLamports: 1.5 },
        /^earningsLamports: must be a whole number/,
      ],
      [
        { externalId: 'x', deviceId, status: 'completed', startedAt, earningsLamports: '-5' },
        /^earningsLamports/,
      ],
      [
        {
          externalId: 'x',
          deviceId,
          status: 'completed',
          startedAt,
          earningsLamports: '99999999999999999999',
        },
        /^earningsLamports/,
      ],
      [
        { externalId: 'x', deviceId, status: 'running', startedAt: 'yesterday' },
        /^startedAt: must be an RFC 3339 time/,
      ],
      [{ deviceId, status: 'running', startedAt }, /^externalId: is required/],
    ];
    for (const [body, message] of cases) {
      const reply = await report(body);
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toMatch(message);
    }
  });

  it('makes an online device busy while it has a running job, and lists jobs newest first', async () => {
    const created = await createDevice(api.url, owner, 'busy-rig');
    const credential = (await enroll(api.url, created.enrollment.token)).body.credential;
    await fetch(`${api.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}` },
      body: `host interval_s=10 ${Date.now()}`,
    });
    const device = () =>
      request(api.url, 'GET', `/v1/devices/${created.device.id}`, { bearer: owner.token });
    expect((await device()).body.activity).toBe('idle');
    const externalId = `job-${Date.now()}-busy`;
    await report({ externalId, deviceId: created.device.id, status: 'running', startedAt });
    expect((await device()).body.activity).toBe('busy');
    await report({
      externalId,
      deviceId: created.device.id,
      status: 'completed',
      startedAt,
      earningsLamports: '5',
    });
    expect((await device()).body.activity).toBe('idle');

    await report({
      externalId: `${externalId}-2`,
      deviceId: created.device.id,
      status: 'assigned',
      startedAt,
    });
    const jobs = await request(api.url, 'GET', `/v1/devices/${created.device.id}/jobs?limit=1`, {
      bearer: owner.token,
    });
    expect(jobs.body.jobs.map((job: { externalId: string }) => job.externalId)).toEqual([
      `${externalId}-2`,
    ]);
    const next = await request(
      api.url,
      'GET',
      `/v1/devices/${created.device.id}/jobs?limit=1&cursor=${jobs.body.nextCursor}`,
      {
        bearer: owner.token,
      },
    );
    expect(next.body.jobs.map((job: { externalId: string }) => job.externalId)).toEqual([
      externalId,
    ]);
    expect(next.body.nextCursor).toBeNull();
    const stranger = await registerUser(api.url);
    expect(
      (await request(api.url, 'GET', '/v1/jobs', { bearer: stranger.token })).body.jobs,
    ).toEqual([]);
    expect(
      (
        await request(api.url, 'GET', `/v1/devices/${created.device.id}/jobs`, {
          bearer: stranger.token,
        })
      ).status,
    ).toBe(404);
  });
});
