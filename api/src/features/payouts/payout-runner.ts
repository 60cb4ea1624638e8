import type { Signature } from '@solana/kit';
import type { AppDeps } from '../../app-env.js';
import {
  failAndCreditBack,
  markConfirmed,
  markSent,
  signAndStore,
  waitForConfirmation,
  writePayout,
  type PayoutContext,
  type PayoutFaults,
} from './payout-steps.js';
import type { PayoutService } from './payout-service.js';
import {
  eligibleAccounts,
  openPayouts,
  tryLockPayoutRun,
  unlockPayoutRun,
  type OpenPayout,
} from './payouts.queries.js';

// Room for the transfer fee of each payout.
const FEE_RESERVE_LAMPORTS = 10_000n;
const CONFIRM_ATTEMPTS = 30;

/**
 * Takes a payout from wherever it stopped to confirmed or failed. What is on chain is checked
 * before anything is sent again; stored bytes are re-sent while their blockhash may still land;
 * a new transaction is signed only once the old one provably cannot land.
 */
async function drive(ctx: PayoutContext, start: OpenPayout): Promise<void> {
  let payout = start.signature ? start : await signAndStore(ctx, start);
  for (let round = 0; round < 3; round += 1) {
    const signature = payout.signature as Signature;
    const onChain = await ctx.chain.status(signature);
    if (onChain.kind === 'confirmed') {
      await markSent(ctx, payout);
      return markConfirmed(ctx, payout);
    }
    if (onChain.kind === 'failed') return failAndCreditBack(ctx, payout, onChain.reason);
    if ((await ctx.chain.blockHeight()) > BigInt(payout.last_valid_block_height ?? '0')) {
      payout = await signAndStore(ctx, payout);
      continue;
    }
    const outcome = await ctx.chain.send(payout.wire_transaction ?? '');
    if (outcome.kind === 'rejected') return failAndCreditBack(ctx, payout, outcome.reason);
    if (outcome.kind === 'expired') {
      payout = await signAndStore(ctx, payout);
      continue;
    }
    await markSent(ctx, payout);
    payout = { ...payout, status: 'sent' };
    const confirmation = await waitForConfirmation(ctx, signature, CONFIRM_ATTEMPTS);
    if (confirmation.kind === 'confirmed') return markConfirmed(ctx, payout);
    if (confirmation.kind === 'failed') return failAndCreditBack(ctx, payout, confirmation.reason);
    return; // Still unknown: the next run reconciles it by its signature.
  }
}

export type RunResult =
  { ran: false } | { ran: true; payoutIds: string[]; skippedForTreasury: number };

/**
 * One payout run under a PostgreSQL advisory lock held on one connection (every query of the
 * run uses it, so embedded PGlite works too): open payouts are reconciled first, then (unless
 * `payNew` is false, as at start-up) every eligible account is paid. A second concurrent run
 * returns `{ran: false}`.
 */
export async function runPayouts(
  service: PayoutService,
  deps: Pick<AppDeps, 'db' | 'events' | 'logger' | 'config'>,
  faults: PayoutFaults = {},
  { payNew = true }: { payNew?: boolean } = {},
): Promise<RunResult> {
  return deps.db.connection().execute(async (connection) => {
    if (!(await tryLockPayoutRun(connection))) return { ran: false };
    try {
      const ctx: PayoutContext = {
        ...deps,
        db: connection,
        chain: service.chain,
        treasury: service.treasury,
        faults,
      };
      for (const payout of await openPayouts(ctx.db)) await drive(ctx, payout);
      if (!payNew) return { ran: true, payoutIds: [], skippedForTreasury: 0 };
      let available =
        (await service.chain.getBalance(service.treasury.address)) - FEE_RESERVE_LAMPORTS;
      const payoutIds: string[] = [];
      let skippedForTreasury = 0;
      for (const account of await eligibleAccounts(ctx.db, ctx.config.payoutMinLamports)) {
        const amount = BigInt(account.balance) + FEE_RESERVE_LAMPORTS;
        if (amount > available) {
          skippedForTreasury += 1;
          continue;
        }
        available -= amount;
        const payout = await writePayout(ctx, {
          accountId: account.account_id,
          address: account.address,
          balance: account.balance,
        });
        payoutIds.push(payout.id);
        await drive(ctx, payout);
      }
      if (skippedForTreasury > 0) {
        deps.logger.error(
          { skippedForTreasury, treasury: service.treasury.address },
          'treasury balance too low: payouts skipped',
        );
      }
      return { ran: true, payoutIds, skippedForTreasury };
    } finally {
      await unlockPayoutRun(connection);
    }
  });
}

/**
 * The embedded ledger forgets everything on restart: what was signed for it can never be found
 * again. Those payouts fail and are credited back. Never called for a real chain.
 */
export async function forgetLocalLedgerPayouts(
  service: PayoutService,
  deps: Pick<AppDeps, 'db' | 'events' | 'logger' | 'config'>,
): Promise<void> {
  if (service.chain.kind !== 'local') return;
  const ctx: PayoutContext = {
    ...deps,
    chain: service.chain,
    treasury: service.treasury,
    faults: {},
  };
  for (const payout of await openPayouts(ctx.db)) {
    if (payout.signature)
      await failAndCreditBack(
        ctx,
        payout,
        'the local development ledger was reset by a restart; nothing was paid',
      );
  }
}

/** Whether the treasury covers what the next run would pay (for /readyz and the logs). */
export async function treasuryCoversNextRun(
  service: PayoutService,
  deps: Pick<AppDeps, 'db' | 'config'>,
): Promise<{ covered: boolean; balance: bigint; due: bigint }> {
  const accounts = await eligibleAccounts(deps.db, deps.config.payoutMinLamports);
  const due = accounts.reduce(
    (sum, account) => sum + BigInt(account.balance) + FEE_RESERVE_LAMPORTS,
    0n,
  );
  const balance = await service.chain.getBalance(service.treasury.address);
  return { covered: balance >= due, balance, due };
}
