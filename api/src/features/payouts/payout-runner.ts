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
import {
  FEE_RESERVE_LAMPORTS,
  holdPayout,
  holdReasonFor,
  needsApproval,
  runBudget,
  settleHeld,
  spend,
  treasuryCovers,
  type RunBudget,
} from './payout-holds.js';
import { heldPayouts } from './payout-holds.queries.js';
import type { PayoutService } from './payout-service.js';
import {
  eligibleAccounts,
  openPayouts,
  tryLockPayoutRun,
  unlockPayoutRun,
  type OpenPayout,
} from './payouts.queries.js';

const CONFIRM_ATTEMPTS = 30;

/**
 * Takes a payout from wherever it stopped to confirmed or failed. What is on chain is checked
 * before anything is sent again; stored bytes are re-sent while their blockhash may still land;
 * a new transaction is signed only once the block height proves the old one cannot land (a
 * node's "blockhash not found" may only mean it lags behind).
 */
async function drive(ctx: PayoutContext, start: OpenPayout): Promise<void> {
  // Bytes stored before this run may have been sent by a run that died: until their blockhash
  // expires, a node refusing them again proves nothing about the copy in flight.
  let earlierCopyMayLand = start.signature !== null;
  let payout: OpenPayout | undefined = start.signature ? start : await signAndStore(ctx, start);
  for (let round = 0; round < 3 && payout; round += 1) {
    const signature = payout.signature as Signature;
    const onChain = await ctx.chain.status(signature);
    if (onChain.kind === 'confirmed') {
      await markSent(ctx, payout);
      return markConfirmed(ctx, payout);
    }
    if (onChain.kind === 'failed') {
      await failAndCreditBack(ctx, payout, onChain.reason);
      return;
    }
    if ((await ctx.chain.blockHeight()) > BigInt(payout.last_valid_block_height ?? '0')) {
      payout = await signAndStore(ctx, payout);
      earlierCopyMayLand = false;
      continue;
    }
    const outcome = await ctx.chain.send(payout.wire_transaction ?? '');
    if (outcome.kind === 'rejected') {
      if (!earlierCopyMayLand) {
        await failAndCreditBack(ctx, payout, outcome.reason);
        return;
      }
      ctx.logger.warn(
        { payoutId: payout.id, reason: outcome.reason },
        'a re-send was refused: the payout waits until its blockhash expires',
      );
      return;
    }
    if (outcome.kind === 'expired') continue;
    if (outcome.kind === 'unknown') {
      ctx.logger.warn(
        { payoutId: payout.id, reason: outcome.reason },
        'no clear answer to a send: treated as sent',
      );
    }
    await markSent(ctx, payout);
    payout = { ...payout, status: 'sent' };
    const confirmation = await waitForConfirmation(ctx, signature, CONFIRM_ATTEMPTS);
    if (confirmation.kind === 'confirmed') return markConfirmed(ctx, payout);
    if (confirmation.kind === 'failed') {
      await failAndCreditBack(ctx, payout, confirmation.reason);
      return;
    }
    return; // Still unknown: the next run reconciles it by its signature.
  }
}

export type RunResult =
  { ran: false } | { ran: true; payoutIds: string[]; skippedForTreasury: number };

type NewPayouts = { payoutIds: string[]; skippedForTreasury: number };

/**
 * Held payouts first, oldest first: one whose address changed is credited back; one the daily
 * cap held goes out once there is room, and while one still waits for room, new payouts queue
 * behind it (held too) rather than take the room it waits for.
 */
async function settleHeldPayouts(
  ctx: PayoutContext,
  budget: RunBudget,
  made: NewPayouts,
): Promise<void> {
  for (const held of await heldPayouts(ctx.db)) {
    const outcome = await settleHeld(ctx, held, budget);
    if (outcome.kind === 'waits_for_room' && budget.daily !== undefined) budget.daily = 0n;
    if (outcome.kind === 'waits_for_treasury') made.skippedForTreasury += 1;
    if (outcome.kind !== 'released') continue;
    spend(budget, BigInt(outcome.payout.amount_lamports));
    made.payoutIds.push(outcome.payout.id);
    await drive(ctx, outcome.payout);
  }
}

/** Every eligible account: paid, held by a cap, or skipped when the treasury cannot cover it. */
async function payEligible(ctx: PayoutContext, budget: RunBudget, made: NewPayouts) {
  for (const account of await eligibleAccounts(ctx.db, ctx.config.payoutMinLamports)) {
    const amount = BigInt(account.balance);
    const payee = {
      accountId: account.account_id,
      address: account.address,
      balance: account.balance,
    };
    const holdReason = holdReasonFor(ctx.config, budget, amount);
    if (holdReason) {
      made.payoutIds.push((await holdPayout(ctx, payee, holdReason)).id);
      continue;
    }
    if (!treasuryCovers(budget, amount)) {
      made.skippedForTreasury += 1;
      continue;
    }
    spend(budget, amount);
    const payout = await writePayout(ctx, payee);
    made.payoutIds.push(payout.id);
    await drive(ctx, payout);
  }
}

/**
 * One payout run under a PostgreSQL advisory lock held on one connection (every query of the
 * run uses it, so embedded PGlite works too): open payouts are reconciled first, then (unless
 * `payNew` is false, as at start-up and after an approval) payouts the daily cap held and every
 * eligible account are paid, or held by the caps. A second concurrent run returns
 * `{ran: false}`: runs one at a time are what keeps the daily cap.
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
      const made: NewPayouts = { payoutIds: [], skippedForTreasury: 0 };
      if (!payNew) return { ran: true, ...made };
      const budget = await runBudget(ctx);
      await settleHeldPayouts(ctx, budget, made);
      await payEligible(ctx, budget, made);
      if (made.skippedForTreasury > 0) {
        deps.logger.error(
          { skippedForTreasury: made.skippedForTreasury, treasury: service.treasury.address },
          'treasury balance too low: payouts skipped',
        );
      }
      return { ran: true, ...made };
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

/**
 * Whether the treasury covers what the next run would pay: eligible balances and payouts the
 * daily cap held, less what needs an approval (for /readyz, the metrics and the logs).
 */
export async function treasuryCoversNextRun(
  service: PayoutService,
  deps: Pick<AppDeps, 'db' | 'config'>,
): Promise<{ covered: boolean; balance: bigint; due: bigint }> {
  const eligible = await eligibleAccounts(deps.db, deps.config.payoutMinLamports);
  const waitingForRoom = (await heldPayouts(deps.db)).filter(
    (held) => held.hold_reason === 'over_daily_cap' && held.address_current,
  );
  // What waits for an operator's approval is not due until they approve it.
  const due = [
    ...eligible.map((account) => account.balance),
    ...waitingForRoom.map((held) => held.amount_lamports),
  ]
    .map(BigInt)
    .filter((amount) => !needsApproval(deps.config, amount))
    .reduce((sum, amount) => sum + amount + FEE_RESERVE_LAMPORTS, 0n);
  const balance = await service.chain.getBalance(service.treasury.address);
  return { covered: balance >= due, balance, due };
}
