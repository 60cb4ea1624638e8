import { generateKeyPairSigner, type Address, type KeyPairSigner } from '@solana/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { createLocalEventBus } from '../../events/event-bus.js';
import { createLogger } from '../../lib/logger.js';
import { registerUser, type TestUser } from '../../test/http.js';
import { inProcessApp } from '../../test/in-process-app.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';
import type { AccountEvent } from '../live/live-events.js';
import { runPayouts } from '../payouts/payout-runner.js';
import { createLocalPayoutService, type PayoutService } from '../payouts/payout-service.js';
import { insertPayoutWithDebit } from '../payouts/payouts.queries.js';
import { signTransfer } from '../payouts/treasury.js';
import { monthAt } from './month.js';

let api: TestApi;
let service: PayoutService;
let treasury: KeyPairSigner;
const logger = createLogger('silent');
const config = parseConfig({ PAYOUT_MIN_LAMPORTS: '100000000', ...ROLE_TOKENS });

beforeAll(async () => {
  api = await startTestApi();
  treasury = await generateKeyPairSigner();
  service = await createLocalPayoutService(treasury, logger);
});
afterAll(() => api.close());

function app() {
  return inProcessApp({ db: api.db, config, logger, payouts: service });
}

async function call(path: string, bearer: string, method = 'GET') {
  const reply = await app().request(path, {
    method,
    headers: { authorization: `Bearer ${bearer}` },
  });
  return { status: reply.status, body: (await reply.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** An account paid once, for real, on the embedded ledger. */
async function paidAccount() {
  const user = await registerUser(api.url);
  const wallet = (await generateKeyPairSigner()).address;
  await api.db
    .insertInto('wallets')
    .values({ account_id: user.id, address: wallet, hold_until: new Date(Date.now() - 1000) })
    .execute();
  await api.db
    .insertInto('ledger_entries')
    .values({ account_id: user.id, kind: 'adjustment', amount_lamports: '2000000000' })
    .execute();
  const deps = { db: api.db, events: createLocalEventBus<AccountEvent>(), logger, config };
  await runPayouts(service, deps);
  return { user, wallet };
}

/**
 * A payout booked as confirmed under `signature`; with `send`, a transfer of `sent` lamports
 * to `to` really goes on chain under that signature first.
 */
async function plantPayout(
  user: TestUser,
  booked: { lamports: bigint; address: string },
  send?: { lamports: bigint; to: Address } | 'never' | 'no signature',
) {
  let signature: string | null = null;
  if (send === 'never' || (send && send !== 'no signature')) {
    const transfer =
      send === 'never' ? { lamports: booked.lamports, to: booked.address as Address } : send;
    const signed = await signTransfer(
      treasury,
      transfer.to,
      transfer.lamports,
      await service.chain.latestLifetime(),
    );
    if (send !== 'never') expect((await service.chain.send(signed.wire)).kind).toBe('accepted');
    signature = signed.signature;
  }
  const payout = await insertPayoutWithDebit(api.db, {
    accountId: user.id,
    address: booked.address,
    balance: booked.lamports.toString(),
  });
  await api.db
    .updateTable('payouts')
    .set({ status: 'confirmed', signature })
    .where('id', '=', payout.id)
    .execute();
  return payout.id;
}

async function mismatchAlerts(accountId: string) {
  const { rows } = await sql<{ count: string }>`
    SELECT count(*)::text AS count FROM notifications
    WHERE account_id = ${accountId} AND kind = 'payout.mismatch'`.execute(api.db);
  return Number(rows[0]?.count);
}

describe('reconciling payouts with the embedded ledger', () => {
  it('flags planted mismatches on the statement and raises payout.mismatch once per payout', async () => {
    const { user, wallet } = await paidAccount();
    const stranger = (await generateKeyPairSigner()).address;
    const amount = await plantPayout(
      user,
      { lamports: 300_000_000n, address: wallet },
      { lamports: 299_000_000n, to: wallet },
    );
    const destination = await plantPayout(
      user,
      { lamports: 400_000_000n, address: wallet },
      { lamports: 400_000_000n, to: stranger },
    );
    const notOnChain = await plantPayout(
      user,
      { lamports: 500_000_000n, address: wallet },
      'never',
    );
    const unsigned = await plantPayout(
      user,
      { lamports: 600_000_000n, address: wallet },
      'no signature',
    );
    // A later change of address does not make the earlier, correct payout look wrong.
    await api.db
      .updateTable('wallets')
      .set({ address: stranger })
      .where('account_id', '=', user.id)
      .execute();

    const month = monthAt(new Date(), 'UTC');
    const first = await call(`/v1/statements/${month}`, user.token);
    expect(first.status).toBe(200);
    const byId = new Map(
      first.body.payouts.map((line: { payoutId: string }) => [line.payoutId, line]),
    );
    const codes = (id: string) =>
      (
        byId.get(id) as { reconciliation: { problems: { code: string }[] } }
      ).reconciliation.problems.map((p) => p.code);
    expect(codes(amount)).toEqual(['amount_differs']);
    expect(codes(destination)).toEqual(['destination_differs']);
    expect(codes(notOnChain)).toEqual(['not_on_chain']);
    expect(codes(unsigned)).toEqual(['signature_missing']);
    const amountLine = byId.get(amount) as { reconciliation: { problems: object[] } };
    expect(amountLine.reconciliation.problems[0]).toMatchObject({
      expected: '300000000',
      actual: '299000000',
    });
    const destinationLine = byId.get(destination) as { reconciliation: { problems: object[] } };
    expect(destinationLine.reconciliation.problems[0]).toMatchObject({
      expected: wallet,
      actual: stranger,
    });
    expect(first.body.reconciliation).toMatchObject({
      status: 'mismatch',
      matched: 1,
      mismatches: 4,
      network: 'local-ledger',
    });
    expect(first.body.payouts[0]).toMatchObject({
      status: 'confirmed',
      reconciliation: { status: 'matched' },
    });
    expect(first.body.payouts[0].explorerUrl).toMatch(/^https:\/\/solscan\.io\/tx\//);
    expect(await mismatchAlerts(user.id)).toBe(4);

    const { rows } = await sql<{ total: string }>`
      SELECT sum(amount_lamports)::text AS total FROM ledger_entries
      WHERE account_id = ${user.id} AND kind = 'payout'`.execute(api.db);
    expect(first.body.payoutsLamports).toBe(rows[0]?.total);

    // Viewed again, and checked by an operator: the same findings, no new alerts.
    expect((await call(`/v1/statements/${month}`, user.token)).body.reconciliation.mismatches).toBe(
      4,
    );
    const operator = await call(
      `/v1/admin/payouts/reconcile?accountId=${user.id}`,
      ROLE_TOKENS.ADMIN_TOKEN,
      'POST',
    );
    expect(operator.status).toBe(200);
    expect(operator.body.checked).toBe(5);
    expect(
      operator.body.mismatches.map((found: { payoutId: string }) => found.payoutId).sort(),
    ).toEqual([amount, destination, notOnChain, unsigned].sort());
    expect(await mismatchAlerts(user.id)).toBe(4);
  });

  it('leaves a statement of honest payouts matched, and says what a restarted ledger cannot know', async () => {
    const { user } = await paidAccount();
    const month = monthAt(new Date(), 'UTC');
    const reply = await call(`/v1/statements/${month}`, user.token);
    expect(reply.body.reconciliation).toMatchObject({
      status: 'matched',
      matched: 1,
      mismatches: 0,
    });
    const restarted = await createLocalPayoutService(treasury, logger);
    const other = await call(
      `/v1/admin/payouts/reconcile?accountId=${user.id}`,
      ROLE_TOKENS.ADMIN_TOKEN,
      'POST',
    );
    expect(other.body.mismatches).toEqual([]);
    const fresh = inProcessApp({ db: api.db, config, logger, payouts: restarted });
    const later = await fresh.request(`/v1/admin/payouts/reconcile?accountId=${user.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ROLE_TOKENS.ADMIN_TOKEN}` },
    });
    expect(await later.json()).toMatchObject({
      checked: 0,
      mismatches: [],
      unverifiable: [expect.any(String)],
    });
    expect(await mismatchAlerts(user.id)).toBe(0);
  });
});
