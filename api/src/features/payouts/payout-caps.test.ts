import { generateKeyPairSigner } from '@solana/kit';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import {
  aDayLater,
  adminOnPayout,
  cappedSetup,
  closeCappedSetups,
  holdsOf,
  onLedger,
  silentLogger,
  SOL,
} from '../../test/capped-payouts.js';
import { request } from '../../test/http.js';
import { inProcessApp, serveOnSocket } from '../../test/in-process-app.js';
import { payableAccount } from '../../test/payable-account.js';
import { ledgerBalance } from '../../test/payout-checks.js';

afterAll(closeCappedSetups);

describe('a cap per payout', () => {
  it('holds a payout above it, shows it held to its owner, and sends it once an admin approves', async () => {
    const { api, config, service, run } = await cappedSetup({ PAYOUT_MAX_LAMPORTS: String(SOL) });
    const small = await payableAccount(api, SOL / 2n);
    const big = await payableAccount(api, 3n * SOL);
    expect((await run()).ran).toBe(true);
    expect(onLedger(service, small.wallet)).toBe(SOL / 2n);
    expect(onLedger(service, big.wallet)).toBe(0n);
    expect(await ledgerBalance(api.db, big.user.id)).toBe(0n);

    const listed = await request(api.url, 'GET', '/v1/payouts', { bearer: big.user.token });
    expect(listed.body.payouts).toEqual([
      expect.objectContaining({
        amountLamports: String(3n * SOL),
        status: 'held',
        holdReason: 'over_payout_cap',
        signature: null,
        explorerUrl: null,
      }),
    ]);
    const summary = await request(api.url, 'GET', '/v1/earnings/summary', {
      bearer: big.user.token,
    });
    expect(summary.body).toMatchObject({
      balanceLamports: '0',
      pendingPayoutLamports: String(3n * SOL),
    });
    const notes = await request(api.url, 'GET', '/v1/notifications', { bearer: big.user.token });
    expect(notes.body.notifications[0]).toMatchObject({
      kind: 'payout.held',
      title: 'Payout of 3 SOL held',
    });

    // Later runs leave it held, and write no second payout for the account.
    await run();
    expect(await holdsOf(api, big.user.id)).toHaveLength(1);
    expect(onLedger(service, big.wallet)).toBe(0n);

    const admin = await serveOnSocket(
      inProcessApp({ db: api.db, config, logger: silentLogger, payouts: service }),
    );
    try {
      const payoutId = listed.body.payouts[0].id as string;
      expect(
        (await adminOnPayout(admin.url, payoutId, 'approve', 'not-the-admin-token')).status,
      ).toBe(401);
      const malformed = await adminOnPayout(admin.url, 'not-a-uuid');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/must be a payout id/);
      expect((await adminOnPayout(admin.url, crypto.randomUUID())).status).toBe(404);

      const replies = await Promise.all(
        Array.from({ length: 6 }, () => adminOnPayout(admin.url, payoutId)),
      );
      const approved = replies.filter((reply) => reply.status === 200);
      expect(approved).toHaveLength(1);
      expect(approved[0]?.body.payout).toMatchObject({ id: payoutId, status: 'confirmed' });
      expect(
        replies.filter((reply) => reply.status === 409).map((reply) => reply.body.error.code),
      ).toEqual(Array(5).fill('payout_not_held'));
      expect(onLedger(service, big.wallet)).toBe(3n * SOL);
      expect(await holdsOf(api, big.user.id)).toEqual([
        expect.objectContaining({ status: 'confirmed', approved_at: expect.any(Date) }),
      ]);
      const audit = await api.db
        .selectFrom('audit_events')
        .select(['action', 'details'])
        .where('account_id', '=', big.user.id)
        .where('action', '=', 'payout.approved')
        .execute();
      expect(audit).toHaveLength(1);
    } finally {
      await admin.close();
    }
  });

  it('fails and credits back, instead of sending, a held payout whose address changed', async () => {
    const { api, config, service, run } = await cappedSetup({ PAYOUT_MAX_LAMPORTS: String(SOL) });
    const big = await payableAccount(api, 2n * SOL);
    await run();
    const [held] = await holdsOf(api, big.user.id);
    const newAddress = (await generateKeyPairSigner()).address;
    await api.db
      .updateTable('wallets')
      .set({ address: newAddress, hold_until: new Date(Date.now() + 24 * 3600_000) })
      .where('account_id', '=', big.user.id)
      .execute();
    const admin = await serveOnSocket(
      inProcessApp({ db: api.db, config, logger: silentLogger, payouts: service }),
    );
    try {
      const reply = await adminOnPayout(admin.url, held!.id);
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe('payout_address_changed');
    } finally {
      await admin.close();
    }
    expect(await holdsOf(api, big.user.id)).toEqual([
      expect.objectContaining({ status: 'failed' }),
    ]);
    expect(await ledgerBalance(api.db, big.user.id)).toBe(2n * SOL);
    expect(onLedger(service, big.wallet)).toBe(0n);
    expect(onLedger(service, newAddress)).toBe(0n);
  });
});

describe('held payouts the admin or a run settles otherwise', () => {
  it('declines a held payout over HTTP: failed, credited back, the owner told, audited', async () => {
    const { api, config, service, run } = await cappedSetup({ PAYOUT_MAX_LAMPORTS: String(SOL) });
    const big = await payableAccount(api, 2n * SOL);
    await run();
    const [held] = await holdsOf(api, big.user.id);
    const admin = await serveOnSocket(
      inProcessApp({ db: api.db, config, logger: silentLogger, payouts: service }),
    );
    try {
      const replies = await Promise.all(
        Array.from({ length: 3 }, () => adminOnPayout(admin.url, held!.id, 'decline')),
      );
      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409, 409]);
      const declined = replies.find((reply) => reply.status === 200);
      expect(declined?.body.payout).toMatchObject({
        status: 'failed',
        failureReason: 'declined by an operator',
      });
      expect((await adminOnPayout(admin.url, held!.id)).body.error.code).toBe('payout_not_held');
      expect((await adminOnPayout(admin.url, crypto.randomUUID(), 'decline')).status).toBe(404);
    } finally {
      await admin.close();
    }
    expect(onLedger(service, big.wallet)).toBe(0n);
    expect(await ledgerBalance(api.db, big.user.id)).toBe(2n * SOL);
    const notes = await request(api.url, 'GET', '/v1/notifications', { bearer: big.user.token });
    expect(notes.body.notifications[0]).toMatchObject({ kind: 'payout.failed' });
    const audit = await api.db
      .selectFrom('audit_events')
      .select('action')
      .where('account_id', '=', big.user.id)
      .where('action', '=', 'payout.declined')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('a run credits back a payout held for approval whose address changed, so the account is not stuck', async () => {
    const { api, run } = await cappedSetup({ PAYOUT_MAX_LAMPORTS: String(SOL) });
    const big = await payableAccount(api, 2n * SOL);
    await run();
    await api.db
      .updateTable('wallets')
      .set({ address: (await generateKeyPairSigner()).address })
      .where('account_id', '=', big.user.id)
      .execute();
    await run();
    // Credited back, then held again for the new address (still above the cap).
    expect((await holdsOf(api, big.user.id)).map((payout) => payout.status)).toEqual([
      'failed',
      'held',
    ]);
    expect(await ledgerBalance(api.db, big.user.id)).toBe(0n);
  });
});

describe('a cap per day', () => {
  it('pays what fits in 24 hours, holds the rest, and sends it first once the window has room', async () => {
    const { api, service, run } = await cappedSetup({ PAYOUT_DAILY_MAX_LAMPORTS: String(SOL) });
    const accounts = await Promise.all([0, 1, 2].map(() => payableAccount(api, (4n * SOL) / 10n)));
    await run();
    const statuses = async () =>
      (await Promise.all(accounts.map(({ user }) => holdsOf(api, user.id)))).flat();
    const first = await statuses();
    expect(first.map((payout) => payout.status).sort()).toEqual(['confirmed', 'confirmed', 'held']);
    const held = first.find((payout) => payout.status === 'held');
    expect(held?.hold_reason).toBe('over_daily_cap');

    await run();
    expect((await statuses()).filter((payout) => payout.status === 'held')).toHaveLength(1);

    // A day later the window has room again: the held payout goes first, then new ones.
    await aDayLater(api);
    const later = await payableAccount(api, (4n * SOL) / 10n);
    const result = await run();
    expect(result.ran && result.payoutIds[0]).toBe(held?.id);
    expect((await statuses()).map((payout) => payout.status)).toEqual(Array(3).fill('confirmed'));
    expect(await holdsOf(api, later.user.id)).toEqual([
      expect.objectContaining({ status: 'confirmed', hold_reason: null }),
    ]);
    for (const { wallet } of [...accounts, later]) {
      expect(onLedger(service, wallet)).toBe((4n * SOL) / 10n);
    }
  });

  it('holds across concurrent runs: never more than the cap leaves in 24 hours', async () => {
    const { api, service, run } = await cappedSetup({ PAYOUT_DAILY_MAX_LAMPORTS: String(SOL) });
    const accounts = await Promise.all(
      Array.from({ length: 8 }, () => payableAccount(api, (3n * SOL) / 10n)),
    );
    for (let round = 0; round < 3; round += 1) {
      const results = await Promise.all(Array.from({ length: 4 }, () => run()));
      expect(results.some((result) => result.ran)).toBe(true);
    }
    const sent = accounts.reduce((sum, { wallet }) => sum + onLedger(service, wallet), 0n);
    expect(sent).toBe((9n * SOL) / 10n);
    const { rows } = await sql<{ status: string; count: number }>`
      SELECT status, count(*)::int AS count FROM payouts GROUP BY status ORDER BY status`.execute(
      api.db,
    );
    expect(rows).toEqual([
      { status: 'confirmed', count: 3 },
      { status: 'held', count: 5 },
    ]);
  });
});
