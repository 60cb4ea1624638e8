import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { monthAt } from './month.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const TIME_ZONE = 'Asia/Kolkata';
const NO_COUNTS = { counter_wh: 0, covered_s: 0, busy_s: 0, samples: 0, gpus: 1 };

function credit(user: TestUser, lamports: bigint, at: string, deviceId: string | null) {
  return api.db
    .insertInto('ledger_entries')
    .values({
      account_id: user.id,
      kind: 'adjustment',
      amount_lamports: lamports.toString(),
      at: new Date(at),
      device_id: deviceId,
    })
    .execute();
}

/** A payout row and its debit as of `at`, as the payout run writes them. */
async function payoutBooked(user: TestUser, lamports: bigint, at: string) {
  const payout = await api.db
    .insertInto('payouts')
    .values({
      account_id: user.id,
      amount_lamports: lamports.toString(),
      address: 'x',
      status: 'pending',
      created_at: new Date(at),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await api.db
    .insertInto('ledger_entries')
    .values({
      account_id: user.id,
      kind: 'payout',
      amount_lamports: (-lamports).toString(),
      payout_id: payout.id,
      at: new Date(at),
    })
    .execute();
  return payout;
}

/** The ledger itself, summed: the oracle the statement must match to the lamport. */
async function ledgerSum(accountId: string, where: ReturnType<typeof sql>) {
  const { rows } = await sql<{ total: string }>`
    SELECT coalesce(sum(amount_lamports), 0)::text AS total FROM ledger_entries
    WHERE account_id = ${accountId} AND ${where}`.execute(api.db);
  return rows[0]?.total;
}

function statement(user: TestUser, path: string, headers: Record<string, string> = {}) {
  return request(api.url, 'GET', `/v1/statements${path}`, { bearer: user.token, headers });
}

async function ownerInKolkata() {
  const owner = await registerUser(api.url);
  await request(api.url, 'PATCH', '/v1/me/settings', {
    bearer: owner.token,
    body: { timezone: TIME_ZONE, electricityPrice: '0.2' },
  });
  return owner;
}

describe('monthly statements', () => {
  it('equal the ledger sums in a zone half an hour off UTC, with energy priced', async () => {
    const owner = await ownerInKolkata();
    const stranger = await registerUser(api.url);
    const [a, b] = [
      (await createDevice(api.url, owner, 'rig-a')).device.id,
      (await createDevice(api.url, owner, 'rig-b')).device.id,
    ];
    // March 2025 in Kolkata is [2025-02-28T18:30Z, 2025-03-31T18:30Z).
    await credit(owner, 1_000n, '2025-02-28T18:29:00Z', a); // February
    await credit(owner, 20_000n, '2025-02-28T18:31:00Z', a);
    await credit(owner, 300_000n, '2025-03-15T12:00:00Z', b);
    await credit(owner, 4_000_000n, '2025-03-20T12:00:00Z', null);
    await credit(owner, 50_000n, '2025-03-31T18:29:59Z', b);
    await credit(owner, 600n, '2025-03-31T18:30:00Z', a); // April
    await credit(stranger, 7_000_000n, '2025-03-10T00:00:00Z', null);
    const payout = await payoutBooked(owner, 70_000n, '2025-03-25T00:00:00Z');
    await api.db
      .insertInto('device_energy_hours')
      .values([
        { device_id: a, hour: new Date('2025-02-28T18:00:00Z'), energy_wh: 1000, ...NO_COUNTS },
        { device_id: b, hour: new Date('2025-03-15T00:00:00Z'), energy_wh: 2000, ...NO_COUNTS },
      ])
      .execute();

    const reply = await statement(owner, '/2025-03');
    expect(reply.status).toBe(200);
    const body = reply.body;
    const from = new Date('2025-02-28T18:30:00Z');
    const to = new Date('2025-03-31T18:30:00Z');
    expect(body).toMatchObject({ month: '2025-03', complete: true });
    expect(body.from).toBe(from.toISOString());
    expect(body.to).toBe(to.toISOString());
    expect(body.openingBalanceLamports).toBe(await ledgerSum(owner.id, sql`at < ${from}`));
    expect(body.closingBalanceLamports).toBe(await ledgerSum(owner.id, sql`at < ${to}`));
    const inMonth = sql`at >= ${from} AND at < ${to}`;
    expect(body.creditsLamports).toBe(
      await ledgerSum(owner.id, sql`${inMonth} AND kind <> 'payout'`),
    );
    expect(body.payoutsLamports).toBe(
      await ledgerSum(owner.id, sql`${inMonth} AND kind = 'payout'`),
    );
    expect(body).toMatchObject({
      openingBalanceLamports: '1000',
      creditsLamports: '4370000',
      payoutsLamports: '-70000',
      closingBalanceLamports: '4301000',
      unassignedCreditsLamports: '4000000',
    });
    expect(body.devices).toEqual([
      expect.objectContaining({
        deviceId: b,
        name: 'rig-b',
        creditsLamports: '350000',
        energyKwh: 2,
        energyCost: '0.40',
      }),
      expect.objectContaining({
        deviceId: a,
        name: 'rig-a',
        creditsLamports: '20000',
        energyKwh: 0.5,
        energyCost: '0.10',
      }),
    ]);
    expect(body.energy).toEqual({
      kwh: 2.5,
      cost: '0.50',
      currency: 'USD',
      electricityPrice: '0.20',
    });
    expect(body.payouts).toEqual([
      expect.objectContaining({ payoutId: payout.id, ledgerLamports: '-70000', status: 'pending' }),
    ]);
    expect(body.payouts[0].reconciliation.status).toBe('not_applicable');

    const months = await statement(owner, '');
    expect(months.body.months.map((month: { month: string }) => month.month)).toEqual(
      expect.arrayContaining(['2025-04', '2025-03', '2025-02']),
    );
  });

  it('answers CSV that adds up, by ?format=csv or Accept, as an attachment', async () => {
    const owner = await ownerInKolkata();
    const device = (await createDevice(api.url, owner, '=HYPERLINK("x")')).device.id;
    await credit(owner, 5_000n, '2025-06-01T00:00:00Z', null);
    await credit(owner, 123_456_789n, '2025-07-10T00:00:00Z', device);
    for (const [path, headers] of [
      ['/2025-07?format=csv', {}],
      ['/2025-07', { accept: 'text/csv' }],
    ] as const) {
      const reply = await statement(owner, path, headers);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(reply.headers.get('content-disposition')).toBe(
        'attachment; filename="io-worker-statement-2025-07.csv"',
      );
      const lines = (reply.body as string).trim().split('\n');
      expect(lines[0]).toMatch(/^section,at,reference,device_id,description,amount_lamports/);
      expect(lines[1]).toMatch(/^opening_balance,.*,5000,0\.000005000,/);
      expect(lines).toContainEqual(
        expect.stringContaining(`credits,,,${device},"'=HYPERLINK(""x"")",123456789,0.123456789`),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(/^closing_balance,.*,123461789,0\.123461789,/),
      );
    }
    expect((await statement(owner, '/2025-07', { accept: 'application/json' })).body.month).toBe(
      '2025-07',
    );
  });

  it('refuses months that are malformed, too early or not begun, naming the problem', async () => {
    const owner = await ownerInKolkata();
    for (const month of [
      '2026-13',
      '2026-00',
      '2026-1',
      'garbage',
      '2026-05-01',
      "2026-05'--",
      '%00',
    ]) {
      const reply = await statement(owner, `/${encodeURIComponent(month)}`);
      expect(reply.status, month).toBe(400);
      expect(reply.body.error.message).toMatch(/^month: must be a month as YYYY-MM/);
    }
    expect((await statement(owner, '/1999-12')).body.error.message).toBe(
      'month: must be 2000-01 or later',
    );
    const [year, month] = monthAt(new Date(), TIME_ZONE).split('-').map(Number) as [number, number];
    const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
    for (const future of [next, '9999-12']) {
      const reply = await statement(owner, `/${future}`);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('month_in_future');
      expect(reply.body.error.message).toContain(`month: ${future} has not begun`);
    }
    expect(
      (await statement(owner, `/${year}-${String(month).padStart(2, '0')}`)).body.complete,
    ).toBe(false);
    expect((await statement(owner, '/2025-07?format=xml')).status).toBe(400);
    expect((await request(api.url, 'GET', '/v1/statements/2025-07')).status).toBe(401);
  });
});
