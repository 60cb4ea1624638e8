import type { Config } from '../../config.js';
import type { PayoutHoldReason } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import {
  holdForApproval,
  payoutForApproval,
  releaseHeldPayout,
  sentInLastDay,
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
const DECLINED = 'declined by an operator';

/** What a run may still send: the treasury less fees, and what the daily cap leaves (undefined: no cap). */
export type RunBudget = { treasury: bigint; daily: bigint | undefined };

export async function runBudget(ctx: PayoutContext): Promise<RunBudget> {
  const balance = await ctx.chain.getBalance(ctx.treasury.address);
  const cap = ctx.config.payoutDailyMaxLamports;
  return {
    treasury: balance - FEE_RESERVE_LAMPORTS,
    daily: cap === undefined ? undefined : cap - (await sentInLastDay(ctx.db)),
  };
}

export function treasuryCovers(budget: RunBudget, amount: bigint): boolean {
  return amount + FEE_RESERVE_LAMPORTS <= budget.treasury;
}

export function spend(budget: RunBudget, amount: bigint): void {
  budget.treasury -= amount + FEE_RESERVE_LAMPORTS;
  if (budget.daily !== undefined) budget.daily -= amount;
}

/** A payout no run may send by itself: above the per-payout cap, or above a whole day's. */
export function needsApproval(config: Config, amount: bigint): boolean {
  const { payoutMaxLamports: max, payoutDailyMaxLamports: daily } = config;
  return (max !== undefined && amount > max) || (daily !== undefined && amount > daily);
}

/** Why a new payout of `amount` must wait, if it must. */
export function holdReasonFor(
  config: Config,
  budget: RunBudget,
  amount: bigint,
): PayoutHoldReason | undefined {
  if (needsApproval(config, amount)) return 'over_payout_cap';
  if (budget.daily !== undefined && amount > budget.daily) return 'over_daily_cap';
  return undefined;
}

function heldMessage(config: Config, reason: PayoutHoldReason): string {
  if (reason === 'over_payout_cap') {
    return 'It is above what a payout may send without an operator, so it waits for their approval. Your balance is set aside for it.';
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

/** What a run did with a held payout. */
export type HeldOutcome =
  | { kind: 'released'; payout: OpenPayout }
  /** Its address changed: failed and credited back, for the new address after its hold. */
  | { kind: 'credited_back' }
  | { kind: 'awaits_approval' }
  | { kind: 'waits_for_room' }
  | { kind: 'waits_for_treasury' }
  /** Approved, declined or failed by someone else since the run listed it. */
  | { kind: 'gone' };

/**
 * A run's look at a held payout: one whose address changed is credited back, whatever held it;
 * one the daily cap held goes out when the window and the treasury have room.
 */
export async function settleHeld(
  ctx: PayoutContext,
  held: HeldPayout,
  budget: RunBudget,
): Promise<HeldOutcome> {
  if (!held.address_current) {
    const failed = await failAndCreditBack(ctx, held, ADDRESS_CHANGED, 'held_address_changed');
    return { kind: failed ? 'credited_back' : 'gone' };
  }
  if (held.hold_reason !== 'over_daily_cap') return { kind: 'awaits_approval' };
  const amount = BigInt(held.amount_lamports);
  if (needsApproval(ctx.config, amount)) {
    await holdForApproval(ctx.db, held.id);
    return { kind: 'awaits_approval' };
  }
  if (budget.daily !== undefined && amount > budget.daily) return { kind: 'waits_for_room' };
  if (!treasuryCovers(budget, amount)) return { kind: 'waits_for_treasury' };
  const payout = await releaseHeldPayout(ctx.db, held.id, { approved: false });
  return payout ? { kind: 'released', payout } : { kind: 'gone' };
}

/** Why a payout, as last read, cannot be approved or declined: 404, or 409 with what it is. */
function notHeld(payout: HeldPayout | undefined): ApiError {
  if (!payout) return ApiError.notFound('payout');
  const status = payout.status === 'held' ? 'no longer held' : `${payout.status}, not held`;
  return ApiError.conflict('payout_not_held', `The payout is ${status}.`);
}

/**
 * An admin's approval: the held payout may be signed, whatever cap held it. Only a held payout
 * whose address is still the account's can be approved; one whose address changed is failed
 * and credited back instead (in the statement that checks the address).
 */
export async function approveHeldPayout(
  ctx: SettlingContext,
  payoutId: string,
): Promise<OpenPayout> {
  const released = await releaseHeldPayout(ctx.db, payoutId, { approved: true });
  if (released) return released;
  const payout = await payoutForApproval(ctx.db, payoutId);
  if (
    payout?.status === 'held' &&
    (await failAndCreditBack(ctx, payout, ADDRESS_CHANGED, 'held_address_changed'))
  ) {
    throw ApiError.conflict(
      'payout_address_changed',
      'The payout address changed while the payout was held: it was failed and credited back, and the balance goes to the new address once that is out of its hold.',
    );
  }
  throw notHeld(payout);
}

/** An admin's refusal: the held payout fails and its amount goes back to the balance. */
export async function declineHeldPayout(
  ctx: SettlingContext,
  payoutId: string,
): Promise<HeldPayout> {
  const payout = await payoutForApproval(ctx.db, payoutId);
  if (payout?.status === 'held' && (await failAndCreditBack(ctx, payout, DECLINED, 'held'))) {
    return payout;
  }
  throw notHeld(payout);
}
