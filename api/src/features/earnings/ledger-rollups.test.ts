import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';
import {
  failPayoutAndCreditBack,
  insertPayoutWithDebit,
  setOpenPayoutStatus,
} from '../payouts/payouts.queries.js';
import { earningsSummary } from './earnings.queries.js';
import { checkLedgerRollups } from './ledger-rollups.js';
import { ledgerScanSummary } from './test/ledger-scan-summary.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function reportJob(deviceId: string, externalId: string, lamports: string) {
  return request(api.url, 'POST', '/v1/jobs', {
    bearer: ROLE_TOKENS.SERVICE_TOKEN,
    body: {
      externalId,
      deviceId,
      status: 'completed',
      startedAt: new Date().toISOString(),
      earningsLamports: lamports,
    },
  });
}

/** An operator's adjustment, straight into the ledger as psql would write it. */
function adjust(accountId: string, lamports: string, at: Date, deviceId: string | null = null) {
  return api.db
    .insertInto('ledger_entries')
    .values({
      account_id: accountId,
      kind: 'adjustment',
      amount_lamports: lamports,
      at,
      device_id: deviceId,
    })
    .execute();
}

async function totalsOf(accountId: string) {
  const rows = await api.db
    .selectFrom('ledger_account_totals')
    .select(['kind', sql<string>`amount_lamports::text`.as('amount')])
    .where('account_id', '=', accountId)
    .orderBy('kind')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.kind, row.amount]));
}

describe('ledger rollups on the real PostgreSQL', () => {
  it('equal the ledger after job credits, adjustments, a payout and a failed payout credited back', async () => {
    const owner = await registerUser(api.url);
    const deviceId = (await createDevice(api.url, owner)).device.id;
    expect((await reportJob(deviceId, `rollup-${Date.now()}-a`, '1500000000')).status).toBe(201);
    expect((await reportJob(deviceId, `rollup-${Date.now()}-b`, '9223372036')).status).toBe(201);
    await adjust(owner.id, '-40', new Date(Date.now() - 3 * HOUR), deviceId);
    await adjust(owner.id, '77', new Date(Date.now() - 40 * DAY));
    const address = 'D1g1kz1DRmCQCMvJvb1tCH8rrm3o6n5PYmTY8Qodc2Mq';
    const paid = await insertPayoutWithDebit(api.db, {
      accountId: owner.id,
      address,
      balance: '1000',
    });
    expect(await setOpenPayoutStatus(api.db, paid.id, 'confirmed')).toBe(true);
    const failed = await insertPayoutWithDebit(api.db, {
      accountId: owner.id,
      address,
      balance: '500',
    });
    expect(await failPayoutAndCreditBack(api.db, failed, 'test: never landed')).toBe(true);

    expect(await totalsOf(owner.id)).toEqual({
      adjustment: '37',
      job: '10723372036',
      // Two debits and the credit-back of one.
      payout: '-1000',
    });
    const device = await api.db
      .selectFrom('ledger_device_hours')
      .select(sql<string>`sum(amount_lamports)::text`.as('amount'))
      .where('device_id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(device.amount).toBe(String(10723372036n - 40n));
    expect(await checkLedgerRollups(api.db, { accountId: owner.id, repair: false })).toEqual({
      differences: [],
      total: 0,
      repaired: false,
    });
    expect(await earningsSummary(api.db, owner.id)).toEqual(
      await ledgerScanSummary(api.db, owner.id),
    );
  });

  it('add up 50 parallel job reports of one device, with adjustments landing in between', async () => {
    const owner = await registerUser(api.url);
    const deviceId = (await createDevice(api.url, owner)).device.id;
    const run = `parallel-${Date.now()}`;
    const [replies] = await Promise.all([
      Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          reportJob(deviceId, `${run}-${index}`, `${index + 1}`),
        ),
      ),
      Promise.all(Array.from({ length: 10 }, () => adjust(owner.id, '1000', new Date(), deviceId))),
    ]);
    expect(replies.map((reply) => reply.status)).toEqual(Array(50).fill(201));
    expect(await totalsOf(owner.id)).toEqual({ adjustment: '10000', job: String((50 * 51) / 2) });
    expect((await checkLedgerRollups(api.db, { accountId: owner.id, repair: false })).total).toBe(
      0,
    );
  });

  it('give the summary the ledger’s own answers at every boundary, in :30 and :45 zones too', async () => {
    const owner = await registerUser(api.url);
    const deviceId = (await createDevice(api.url, owner)).device.id;
    const now = Date.now();
    // Either side of a window's start, within and beyond half an hour of it.
    const near = (at: number) =>
      [-40, -20, -0.1, 0.1, 20, 40].map((minutes) => at + minutes * 60_000);
    const instants = [
      ...near(now - 7 * DAY),
      ...near(now - 30 * DAY),
      // Every 7 minutes over 26 hours: around each zone's midnight, whatever its offset.
      ...Array.from({ length: 223 }, (_, index) => now - index * 7 * 60_000 + 60_000),
      now + DAY,
    ];
    await api.db
      .insertInto('ledger_entries')
      .values(
        instants.map((at, index) => ({
          account_id: owner.id,
          kind: index % 7 === 0 ? ('payout' as const) : ('job' as const),
          amount_lamports: String(index % 7 === 0 ? -(index + 1) : (index + 1) * 1000),
          device_id: index % 7 === 0 ? null : deviceId,
          at: new Date(at),
        })),
      )
      .execute();
    // A change of zone moves "today": the hourly rollups need no rebuild for it.
    for (const zone of [
      'UTC',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'America/St_Johns',
      'Pacific/Kiritimati',
    ]) {
      await api.db
        .updateTable('accounts')
        .set({ timezone: zone })
        .where('id', '=', owner.id)
        .execute();
      const summary = await earningsSummary(api.db, owner.id);
      expect({ zone, ...summary }).toEqual({
        zone,
        ...(await ledgerScanSummary(api.db, owner.id)),
      });
    }
  });

  it('finds corrupted rollup rows, over the admin route, and repairs them to the ledger', async () => {
    const owner: TestUser = await registerUser(api.url);
    const bystander = await registerUser(api.url);
    const deviceId = (await createDevice(api.url, owner)).device.id;
    await reportJob(deviceId, `corrupt-${Date.now()}`, '5000');
    await adjust(bystander.id, '9', new Date());
    const { at } = await api.db
      .selectFrom('ledger_entries')
      .select('at')
      .where('account_id', '=', owner.id)
      .executeTakeFirstOrThrow();
    const hour = new Date(Math.floor(at.getTime() / HOUR) * HOUR);
    await api.db
      .updateTable('ledger_account_hours')
      .set({ amount_lamports: '4999' })
      .where('account_id', '=', owner.id)
      .execute();
    await api.db.deleteFrom('ledger_device_hours').where('device_id', '=', deviceId).execute();
    await api.db
      .insertInto('ledger_account_totals')
      .values({ account_id: owner.id, kind: 'adjustment', amount_lamports: '12' })
      .execute();

    const check = (query: string) =>
      request(api.url, 'POST', `/v1/admin/earnings/rollups/check?accountId=${owner.id}${query}`, {
        bearer: ROLE_TOKENS.ADMIN_TOKEN,
      });
    const found = await check('');
    expect(found.status).toBe(200);
    const expected = { accountId: owner.id, kind: 'job', ledgerLamports: '5000' };
    expect(found.body).toEqual({
      differences: [
        {
          ...expected,
          rollup: 'account_hours',
          deviceId: null,
          hour: hour.toISOString(),
          rollupLamports: '4999',
        },
        {
          ...expected,
          rollup: 'account_totals',
          kind: 'adjustment',
          deviceId: null,
          hour: null,
          ledgerLamports: '0',
          rollupLamports: '12',
        },
        {
          ...expected,
          rollup: 'device_hours',
          deviceId,
          hour: hour.toISOString(),
          rollupLamports: '0',
        },
      ],
      total: 3,
      repaired: false,
    });
    expect((await check('&repair=true')).body).toMatchObject({ total: 3, repaired: true });
    expect((await check('')).body).toEqual({ differences: [], total: 0, repaired: false });
    expect(await earningsSummary(api.db, owner.id)).toMatchObject({
      balanceLamports: '5000',
      lifetimeLamports: '5000',
    });
    const bad = await request(api.url, 'POST', '/v1/admin/earnings/rollups/check?repair=yes', {
      bearer: ROLE_TOKENS.ADMIN_TOKEN,
    });
    expect(bad.body.error.message).toMatch(/^repair: must be true or false/);
  });
});
