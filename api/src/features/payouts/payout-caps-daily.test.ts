import { PGlite } from '@electric-sql/pglite';
import { generateKeyPairSigner, type Address } from '@solana/kit';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { migrateTo, migrateToLatest } from '../../db/migrate.js';
import {
  aDayLater,
  cappedSetup,
  closeCappedSetups,
  holdsOf,
  onLedger,
  SOL,
} from '../../test/capped-payouts.js';
import { payableAccount } from '../../test/payable-account.js';
import type { Chain } from './chain/chain.js';
import { createLocalLedger } from './chain/local-ledger.js';
import { runPayouts, treasuryCoversNextRun } from './payout-runner.js';

afterAll(closeCappedSetups);

describe('daily cap: starvation', () => {
  it('without PAYOUT_MAX_LAMPORTS, one balance above the whole daily cap does not freeze every other payout forever', async () => {
    const { api, service, run } = await cappedSetup({ PAYOUT_DAILY_MAX_LAMPORTS: String(SOL) });
    const big = await payableAccount(api, 2n * SOL);
    await run();
    // More than a whole day's cap: no day's room can fit it, so it waits for an approval.
    expect(await holdsOf(api, big.user.id)).toEqual([
      expect.objectContaining({ status: 'held', hold_reason: 'over_payout_cap' }),
    ]);
    const small = await payableAccount(api, SOL / 10n);
    // Days pass: the window is empty every time.
    for (let day = 0; day < 3; day += 1) {
      await aDayLater(api);
      await run();
    }
    // The small payout fits an empty window: it does not queue behind the one that never could.
    expect(onLedger(service, small.wallet)).toBe(SOL / 10n);
  });
});

describe('daily cap: what it counts', () => {
  it('a payout released more than 24 h ago but sent only now still counts: the cap is not exceeded', async () => {
    const { api, config, service, deps } = await cappedSetup({
      PAYOUT_DAILY_MAX_LAMPORTS: String(SOL),
    });
    const first = await payableAccount(api, (9n * SOL) / 10n);
    // The run dies after signing (an RPC outage, a crash): the payout stays pending, unsent.
    await expect(
      runPayouts(service, deps, {
        afterSignatureStored: () => {
          throw new Error('crash');
        },
      }),
    ).rejects.toThrow('crash');
    expect(await holdsOf(api, first.user.id)).toEqual([
      expect.objectContaining({ status: 'pending' }),
    ]);
    // It stays open past the window (released a day ago) ...
    await aDayLater(api);
    const second = await payableAccount(api, (9n * SOL) / 10n);
    await runPayouts(service, { ...deps, config });
    // ... and still counts when it finally goes out: the new one waits, and 1 SOL at most leaves.
    const sent = onLedger(service, first.wallet) + onLedger(service, second.wallet);
    expect(sent).toBeLessThanOrEqual(SOL);
  });
});

/** The local ledger, with a treasury balance a test can lower (as if other spending drained it). */
function drainableLedger(treasury: Address) {
  const ledger = createLocalLedger();
  let override: bigint | undefined;
  const chain: Chain = {
    ...ledger,
    getBalance: async (address) =>
      override !== undefined && address === treasury ? override : ledger.getBalance(address),
  };
  return { chain, ledger, setTreasury: (value: bigint | undefined) => (override = value) };
}

describe('daily cap: a low treasury', () => {
  /** A payout held by the daily cap that, a day on, waits only for a treasury drained to 0.3 SOL. */
  async function heldWaitingOnTreasury() {
    const treasury = await generateKeyPairSigner();
    const drainable = drainableLedger(treasury.address);
    const setup = await cappedSetup(
      { PAYOUT_DAILY_MAX_LAMPORTS: String(SOL) },
      { chain: drainable.chain, treasury },
    );
    const { api, service, run } = setup;
    const first = await payableAccount(api, (8n * SOL) / 10n);
    await run();
    const waiting = await payableAccount(api, (5n * SOL) / 10n);
    await run();
    expect(await holdsOf(api, waiting.user.id)).toEqual([
      expect.objectContaining({ status: 'held', hold_reason: 'over_daily_cap' }),
    ]);
    expect(onLedger(service, first.wallet)).toBe((8n * SOL) / 10n);
    await aDayLater(api);
    drainable.setTreasury((3n * SOL) / 10n);
    return { ...setup, waiting };
  }

  it('readiness and ioworker_treasury_covers_next_run report the treasury low while a held payout waits on it', async () => {
    const { service, deps, run } = await heldWaitingOnTreasury();
    await run();
    // The held 0.5 SOL cannot go out (0.3 SOL in the treasury): it is due, so the treasury is low.
    const covers = await treasuryCoversNextRun(service, deps);
    expect(covers.covered).toBe(false);
  });

  it('a held payout waiting on the treasury does not hold a new payout as "over the daily cap" when the window is empty', async () => {
    const { api, run } = await heldWaitingOnTreasury();
    const fresh = await payableAccount(api, SOL / 10n);
    await run();
    // 0.1 SOL fits the empty 1 SOL window and the 0.3 SOL treasury: the payout waiting on the
    // treasury leaves the window open behind it.
    const freshPayouts = await holdsOf(api, fresh.user.id);
    expect(freshPayouts.map((payout) => payout.hold_reason)).not.toContain('over_daily_cap');
  });
});

describe('migration 0021 on data the old local ledger wrote', () => {
  it('upgrades a database holding two confirmed payouts under one signature (the old AlreadyProcessed double debit)', async () => {
    // Before 0021 the embedded ledger kept one blockhash: a second payout of the same amount to
    // the same wallet was the very same transaction, answered AlreadyProcessed and stored
    // confirmed under the same signature. A DATA_DIR (PGlite) kept from then holds such rows.
    const db = new Kysely<Database>({ dialect: new PGliteDialect(new PGlite()) });
    try {
      await migrateTo(db, '0020-ledger-device-hours-by-hour');
      const account = await db
        .insertInto('accounts')
        .values({ email: 'old@example.com', password_hash: 'not-a-login', timezone: 'UTC' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const twin = {
        account_id: account.id,
        amount_lamports: '100000000',
        address: 'So11111111111111111111111111111111111111112',
        status: 'confirmed' as const,
        signature: '5'.repeat(88),
      };
      await db.insertInto('payouts').values([twin, twin]).execute();
      await expect(migrateToLatest(db)).resolves.toBeUndefined();
      // The later twin failed, and its amount is back on the balance it was taken from.
      const rows = await db.selectFrom('payouts').select('status').orderBy('status').execute();
      expect(rows.map((row) => row.status)).toEqual(['confirmed', 'failed']);
      const credits = await db
        .selectFrom('ledger_entries')
        .select('amount_lamports')
        .where('account_id', '=', account.id)
        .execute();
      expect(credits.map((entry) => String(entry.amount_lamports))).toEqual(['100000000']);
    } finally {
      await db.destroy();
    }
  });
});
