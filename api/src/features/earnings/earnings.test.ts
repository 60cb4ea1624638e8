import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function completeJob(deviceId: string, externalId: string, lamports: string) {
  const reply = await request(api.url, 'POST', '/v1/jobs', {
    bearer: ROLE_TOKENS.SERVICE_TOKEN,
    body: {
      externalId,
      deviceId,
      status: 'completed',
      startedAt: new Date().toISOString(),
      earningsLamports: lamports,
    },
  });
  expect(reply.status).toBe(201);
}

describe('earnings', () => {
  it('sums the ledger into a summary and the overview, exactly', async () => {
    const owner: TestUser = await registerUser(api.url);
    const deviceId = (await createDevice(api.url, owner)).device.id;
    await completeJob(deviceId, `sum-${Date.now()}-a`, '1500000000');
    await completeJob(deviceId, `sum-${Date.now()}-b`, '9223372036');
    await api.db
      .insertInto('ledger_entries')
      .values([
        {
          account_id: owner.id,
          kind: 'job',
          amount_lamports: '40',
          device_id: deviceId,
          at: new Date(Date.now() - 10 * 86_400_000),
        },
        { account_id: owner.id, kind: 'payout', amount_lamports: '-1000000000', at: new Date() },
      ])
      .execute();
    const summary = await request(api.url, 'GET', '/v1/earnings/summary', { bearer: owner.token });
    expect(summary.body).toEqual({
      balanceLamports: String(1500000000n + 9223372036n + 40n - 1000000000n),
      todayLamports: '10723372036',
      last7dLamports: '10723372036',
      last30dLamports: '10723372076',
      lifetimeLamports: '10723372076',
      pendingPayoutLamports: '0',
    });
    const overview = await request(api.url, 'GET', '/v1/overview', { bearer: owner.token });
    expect(overview.body.earnings).toEqual({
      todayLamports: '10723372036',
      last7dLamports: '10723372036',
      balanceLamports: summary.body.balanceLamports,
    });
    const stranger = await registerUser(api.url);
    const empty = await request(api.url, 'GET', '/v1/earnings/summary', { bearer: stranger.token });
    expect(empty.body.balanceLamports).toBe('0');
  });

  it('pages history by keyset with device and date filters', async () => {
    const owner = await registerUser(api.url);
    const first = (await createDevice(api.url, owner, 'first')).device.id;
    const second = (await createDevice(api.url, owner, 'second')).device.id;
    const base = Date.parse('2026-10-01T00:00:00Z');
    await api.db
      .insertInto('ledger_entries')
      .values(
        Array.from({ length: 25 }, (_, index) => ({
          account_id: owner.id,
          kind: 'job' as const,
          amount_lamports: String(index + 1),
          device_id: index % 2 === 0 ? first : second,
          // Pairs share a timestamp: the id breaks the tie.
          at: new Date(base + Math.floor(index / 2) * 3_600_000),
        })),
      )
      .execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/v1/earnings/history?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await request(api.url, 'GET', path, { bearer: owner.token });
      expect(page.status).toBe(200);
      seen.push(
        ...page.body.entries.map((entry: { amountLamports: string }) => entry.amountLamports),
      );
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const firstOnly = await request(
      api.url,
      'GET',
      `/v1/earnings/history?deviceId=${first}&limit=500`,
      { bearer: owner.token },
    );
    expect(firstOnly.body.entries).toHaveLength(13);
    const window = await request(
      api.url,
      'GET',
      `/v1/earnings/history?from=2026-10-01T02:00:00Z&to=2026-10-01T04:00:00Z`,
      { bearer: owner.token },
    );
    expect(
      window.body.entries.map((entry: { amountLamports: string }) => entry.amountLamports).sort(),
    ).toEqual(['5', '6', '7', '8']);
    expect(window.body.entries[0]).toMatchObject({ kind: 'job', at: '2026-10-01T03:00:00.000Z' });
    const bad = await request(api.url, 'GET', '/v1/earnings/history?from=last-week', {
      bearer: owner.token,
    });
    expect(bad.body.error.message).toMatch(/^from: must be an RFC 3339 time/);
  });

  it('streams 100,000 entries as CSV, chunked, with a header row and ISO times', async () => {
    const owner = await registerUser(api.url);
    await sql`
      INSERT INTO ledger_entries (account_id, kind, amount_lamports, at, note)
      SELECT ${owner.id}::uuid, 'adjustment', n, now() - n * interval '1 second',
             CASE WHEN n = 1 THEN 'refund, "late" job' END
      FROM generate_series(1, 100000) AS n`.execute(api.db);
    const response = await fetch(`${api.url}/v1/earnings/history.csv`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-length')).toBeNull();
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    let chunks = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks += 1;
      text += value;
    }
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('id,at,kind,amount_lamports,amount_sol,device_id,job_id,payout_id,note');
    expect(lines).toHaveLength(100_001);
    expect(chunks).toBeGreaterThan(10);
    expect(lines[1]).toMatch(
      /^[0-9a-f-]{36},\d{4}-\d\d-\d\dT[\d:.]+Z,adjustment,1,0\.000000001,,,,"refund, ""late"" job"$/,
    );
    expect(lines.at(-1)).toMatch(/,adjustment,100000,0\.000100000,,,,$/);
  }, 60_000);
});
