import type { Config } from '../../config.js';
import type { PayoutHoldReason } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import {
  payoutForApproval,
  releaseHeldPayout,
  releasedInLastDay,
  type HeldPayout,
} from './payout-holds.queries.js';
import {
  failAndCreditBack,
  solText,
  tellOwner,
  writePayout,
  type PayoutContext,
  type SettlingContext,
} from './payout-steps.js';
import type { OpenPayout } from './payouts.queries.js';

// Room for the transfer fee of each payout.
export const FEE_RESERVE_LAMPORTS = 10_000n;

export const ADDRESS_CHANGED =
  'the payout address changed while the payout was held; the balance goes to the new address once it is out of its hold';

/** What a run may still send: the treasury less fees, and what the daily cap leaves (undefined: no cap). */
export type RunBudget = { treasury: bigint; daily: bigint | undefined };

export async function runBudget(ctx: PayoutContext): Promise<RunBudget> {
  const balance = await ctx.chain.getBalance(ctx.treasury.address);
  const cap = ctx.config.payoutDailyMaxLamports;
  return {
    treasury: balance - FEE_RESERVE_LAMPORTS,
    daily: cap === undefined ? undefined : cap - (await releasedInLastDay(ctx.db)),
  };
}

export function treasuryCovers(budget: RunBudget, amount: bigint): boolean {
  return amount + FEE_RESERVE_LAMPORTS <= budget.treasury;
}

export function spend(budget: RunBudget, amount: bigint): void {
  budget.treasury -= amount + FEE_RESERVE_LAMPORTS;
  if (budget.daily !== undefined) budget.daily -= amount;
}

/** Why a new payout of `amount` must wait, if it must. */
export function holdReasonFor(
  config: Config,
  budget: RunBudget,
  amount: bigint,
): PayoutHoldReason | undefined {
  if (config.payoutMaxLamports !== undefined && amount > config.payoutMaxLamports)
    return 'over_payout_cap';
  if (budget.daily !== undefined && amount > budget.daily) return 'over_daily_cap';
  return undefined;
}

function heldMessage(config: Config, reason: PayoutHoldReason): string {
  if (reason === 'over_payout_cap') {
    const cap = solText(String(config.payoutMaxLamports));
    return `It is above the ${cap} SOL a single payout may send, so it waits for an operator's approval. Your balance is set aside for it.`;
  }
  const cap = solText(String(config.payoutDailyMaxLamports));
  return `The ${cap} SOL that payouts may send in 24 hours is spoken for: it goes out in a later run once there is room, or when an operator approves it. Your balance is set aside for it.`;
}

/** Writes the payout held (its balance debited, nothing signed) and tells the owner. */
export async function holdPayout(
  ctx: PayoutContext,
  account: { accountId: string; address: string; balance: string },
  reason: PayoutHoldReason,
): Promise<OpenPayout> {
  const payout = await writePayout(ctx, account, reason);
  ctx.logger.warn(
    { payoutId: payout.id, reason, amountLamports: payout.amount_lamports },
    'payout held',
  );
  await tellOwner(ctx, payout, 'payout.held', {
    title: `Payout of ${solText(payout.amount_lamports)} SOL held`,
    message: heldMessage(ctx.config, reason),
  });
  return payout;
}

/**
 * Lets a payout the daily cap held go on, when the window and the treasury have room; one whose
 * address changed meanwhile fails and is credited back (the new address waits out its hold).
 */
export async function releaseForDailyCap(
  ctx: PayoutContext,
  held: HeldPayout,
  budget: RunBudget,
): Promise<OpenPayout | 'waits' | 'credited_back'> {
  if (!held.address_current) {
    await failAndCreditBack(ctx, held, ADDRESS_CHANGED);
    return 'credited_back';
  }
  const amount = BigInt(held.amount_lamports);
  if (budget.daily !== undefined && amount > budget.daily) return 'waits';
  if (!treasuryCovers(budget, amount)) return 'waits';
  return (await releaseHeldPayout(ctx.db, held.id, { approved: false })) ?? 'waits';
}

/**
 * An admin's approval: the held payout may be signed, whatever cap held it. Only a held payout
 * whose address is still the account's can be approved; one whose address changed is failed
 * and credited back instead.
 */
export async function approveHeldPayout(ctx: SettlingContext, payoutId: string) {
  const released = await releaseHeldPayout(ctx.db, payoutId, { approved: true });
  if (released) return released;
  const payout = await payoutForApproval(ctx.db, payoutId);
  if (!payout) throw ApiError.notFound('payout');
  if (payout.status === 'held' && !payout.address_current) {
    await failAndCreditBack(ctx, payout, ADDRESS_CHANGED);
    throw ApiError.conflict(
      'payout_address_changed',
      'The payout address changed while the payout was held: it was failed and credited back, and the balance goes to the new address once that is out of its hold.',
    );
  }
  throw ApiError.conflict('payout_not_held', `The payout is ${payout.status}, not held.`);
}
