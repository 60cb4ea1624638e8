import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
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
import { inProcessApp, serveOnSocket } from '../../test/in-process-app.js';
import { payableAccount } from '../../test/payable-account.js';
import { ledgerBalance } from '../../test/payout-checks.js';
import { ROLE_TOKENS } from '../../test/test-api.js';
import type { Chain } from './chain/chain.js';
import { createLocalLedger } from './chain/local-ledger.js';
import { startPayoutRunRequests } from './payout-handoff.js';
import { approveHeldPayout } from './payout-holds.js';

afterAll(closeCappedSetups);

describe('approvals racing runs', () => {
  it('a run that finds a held payout approved under it does not hold new payouts behind it', async () => {
    const ledger = createLocalLedger();
    let duringSend: (() => Promise<void>) | undefined;
    const chain: Chain = {
      ...ledger,
      async send(wire) {
        const hook = duringSend;
        duringSend = undefined;
        await hook?.();
        return ledger.send(wire);
      },
    };
    const { api, config, service, run } = await cappedSetup(
      { PAYOUT_DAILY_MAX_LAMPORTS: String(SOL) },
      { chain: chain },
    );
    await payableAccount(api, (9n * SOL) / 10n);
    await run();
    await payableAccount(api, (3n * SOL) / 10n);
    await payableAccount(api, (3n * SOL) / 10n);
    await run();
    const held = await api.db
      .selectFrom('payouts')
      .select(['id', 'account_id'])
      .where('status', '=', 'held')
      .orderBy('created_at')
      .execute();
    expect(held).toHaveLength(2);
    await aDayLater(api);
    const fresh = await payableAccount(api, SOL / 10n);

    const admin = await serveOnSocket(
      inProcessApp({ db: api.db, config, logger: silentLogger, payouts: service }),
    );
    try {
      // While the run sends the first held payout, an admin approves the second.
      let approval: Awaited<ReturnType<typeof adminOnPayout>> | undefined;
      duringSend = async () => {
        approval = await adminOnPayout(admin.url, held[1]!.id);
      };
      await run();
      expect(approval?.status).toBe(200);
      // The window had 1 SOL: 0.3 + 0.3 (approved) + 0.1 fit, nothing needed to wait.
      expect(await holdsOf(api, fresh.user.id)).not.toEqual([
        expect.objectContaining({ status: 'held', hold_reason: 'over_daily_cap' }),
      ]);
    } finally {
      await admin.close();
    }
  });

  it('parallel approvals racing parallel runs pay each held payout exactly once', async () => {
    const { api, config, service, run } = await cappedSetup({ PAYOUT_MAX_LAMPORTS: String(SOL) });
    const accounts = await Promise.all([2n, 3n, 4n].map((sol) => payableAccount(api, sol * SOL)));
    await run();
    const held = await api.db
      .selectFrom('payouts')
      .select(['id'])
      .where('status', '=', 'held')
      .execute();
    expect(held).toHaveLength(3);
    const admin = await serveOnSocket(
      inProcessApp({ db: api.db, config, logger: silentLogger, payouts: service }),
    );
    try {
      const replies = await Promise.all([
        ...held.flatMap(({ id }) => [adminOnPayout(admin.url, id), adminOnPayout(admin.url, id)]),
        run(),
        run(),
        ...held.map(({ id }) => adminOnPayout(admin.url, id)),
        run(),
      ]);
      const statuses = replies
        .filter((reply): reply is Awaited<ReturnType<typeof adminOnPayout>> => 'status' in reply)
        .map((reply) => reply.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(3);
      expect(statuses.filter((status) => status === 409)).toHaveLength(6);
    } finally {
      await admin.close();
    }
    await run();
    for (const [index, sol] of [2n, 3n, 4n].entries()) {
      const { user, wallet } = accounts[index]!;
      expect(onLedger(service, wallet)).toBe(sol * SOL);
      expect(await ledgerBalance(api.db, user.id)).toBe(0n);
      expect(await holdsOf(api, user.id)).toEqual([
        expect.objectContaining({ status: 'confirmed', approved_at: expect.any(Date) }),
      ]);
    }
  });

  it('an approval that finds the address not current never fails a payout a run released meanwhile (no double pay)', async () => {
    const ledger = createLocalLedger();
    let sendReached: (() => void) | undefined;
    let letSendGo: (() => void) | undefined;
    const sendGate = new Promise<void>((resolve) => (letSendGo = resolve));
    const chain: Chain = {
      ...ledger,
      async send(wire) {
        if (sendReached) {
          sendReached();
          await sendGate;
        }
        return ledger.send(wire);
      },
    };
    const { api, service, deps, run } = await cappedSetup(
      { PAYOUT_DAILY_MAX_LAMPORTS: String(SOL) },
      { chain: chain },
    );
    await payableAccount(api, (9n * SOL) / 10n);
    await run();
    const payee = await payableAccount(api, (5n * SOL) / 10n);
    await run();
    const [held] = await holdsOf(api, payee.user.id);
    expect(held).toMatchObject({ status: 'held', hold_reason: 'over_daily_cap' });
    // The owner saved the same address again: it is in a new hold, ending in a moment.
    await api.db
      .updateTable('wallets')
      .set({ hold_until: new Date(Date.now() + 3600_000) })
      .where('account_id', '=', payee.user.id)
      .execute();
    await aDayLater(api);

    // The approval reads the payout (held, address not current); right then the hold ends and a
    // scheduled run releases the payout and sends it.
    let runInFlight: Promise<unknown> | undefined;
    let hooked = false;
    const racingDb = api.db.withPlugin({
      transformQuery: (args) => args.node,
      async transformResult(args) {
        const rows = args.result.rows as { address_current?: boolean; status?: string }[];
        const read = rows[0];
        if (!hooked && read && read.address_current === false && read.status === 'held') {
          hooked = true;
          await api.db
            .updateTable('wallets')
            .set({ hold_until: new Date(Date.now() - 1000) })
            .where('account_id', '=', payee.user.id)
            .execute();
          const reached = new Promise<void>((resolve) => (sendReached = resolve));
          runInFlight = run();
          await reached;
        }
        return args.result;
      },
    });
    const approval = approveHeldPayout({ ...deps, db: racingDb }, held!.id);
    await approval.catch(() => undefined);
    expect(hooked).toBe(true);
    letSendGo!();
    await runInFlight;
    // The approval's "address changed" check is made in the statement that would fail the
    // payout, so the payout the run released is paid once and not credited back: what the
    // account holds plus what it got is exactly what it earned.
    const paid = onLedger(service, payee.wallet);
    const balance = await ledgerBalance(api.db, payee.user.id);
    expect(paid + balance).toBe((5n * SOL) / 10n);
  });
});

describe('approvals while payouts are off', () => {
  it('ROLE=all without a treasury key: 503, and the payout stays held', async () => {
    const { api, run } = await cappedSetup({ PAYOUT_MAX_LAMPORTS: String(SOL) });
    const big = await payableAccount(api, 2n * SOL);
    await run();
    const [held] = await holdsOf(api, big.user.id);
    const config = parseConfig({
      PAYOUT_MIN_LAMPORTS: '100000000',
      PAYOUT_MAX_LAMPORTS: String(SOL),
      ...ROLE_TOKENS,
    });
    const admin = await serveOnSocket(inProcessApp({ db: api.db, config, logger: silentLogger }));
    try {
      const reply = await adminOnPayout(admin.url, held!.id);
      expect(reply.status).toBe(503);
      expect(reply.body.error.code).toBe('payouts_disabled');
    } finally {
      await admin.close();
    }
    expect(await holdsOf(api, big.user.id)).toEqual([
      expect.objectContaining({ status: 'held', approved_at: null, released_at: null }),
    ]);
  });

  it('ROLE=api whose worker has no treasury key: a 503 approval leaves the payout held', async () => {
    const { api, deps, run } = await cappedSetup({ PAYOUT_MAX_LAMPORTS: String(SOL) });
    const big = await payableAccount(api, 2n * SOL);
    await run();
    const [held] = await holdsOf(api, big.user.id);
    const config = parseConfig({
      ROLE: 'api',
      DATABASE_URL: api.env.DATABASE_URL,
      PAYOUT_MIN_LAMPORTS: '100000000',
      PAYOUT_MAX_LAMPORTS: String(SOL),
      ...ROLE_TOKENS,
    });
    const stopWorker = startPayoutRunRequests(undefined, deps, 50);
    const admin = await serveOnSocket(inProcessApp({ db: api.db, config, logger: silentLogger }));
    try {
      const reply = await adminOnPayout(admin.url, held!.id);
      expect(reply.status).toBe(503);
    } finally {
      await admin.close();
      await stopWorker();
    }
    // Nothing was released: the worker, which holds no treasury either, refused before that.
    expect(await holdsOf(api, big.user.id)).toEqual([
      expect.objectContaining({ status: 'held', approved_at: null }),
    ]);
  });
});

describe('approval replies', () => {
  it('an approval whose follow-up run hits an RPC error answers the approval it made, not a 5xx', async () => {
    const ledger = createLocalLedger();
    let rpcDown = false;
    const chain: Chain = {
      ...ledger,
      async status(signature) {
        if (rpcDown) throw new Error('fetch failed');
        return ledger.status(signature);
      },
    };
    const { api, config, service, run } = await cappedSetup(
      { PAYOUT_MAX_LAMPORTS: String(SOL) },
      { chain: chain },
    );
    const big = await payableAccount(api, 2n * SOL);
    await run();
    const [held] = await holdsOf(api, big.user.id);
    const admin = await serveOnSocket(
      inProcessApp({ db: api.db, config, logger: silentLogger, payouts: service }),
    );
    try {
      rpcDown = true;
      const reply = await adminOnPayout(admin.url, held!.id);
      // The approval stands (released, approved_at, audited); only sending it now failed, and
      // the next run sends it.
      expect(reply.status).toBe(200);
      expect(reply.body.payout).toMatchObject({ id: held!.id, status: 'pending' });
      expect(await holdsOf(api, big.user.id)).toEqual([
        expect.objectContaining({ status: 'pending', approved_at: expect.any(Date) }),
      ]);
      expect((await adminOnPayout(admin.url, held!.id)).body.error.code).toBe('payout_not_held');
    } finally {
      await admin.close();
    }
  });
});
