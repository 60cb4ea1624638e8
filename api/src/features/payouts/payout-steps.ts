import type { Address, KeyPairSigner, Signature } from '@solana/kit';
import type { Config } from '../../config.js';
import type { Executor, PayoutHoldReason } from '../../db/database.js';
import type { Logger } from '../../lib/logger.js';
import type { LiveEventBus } from '../live/live-events.js';
import { notify } from '../notifications/notifications.service.js';
import type { Chain } from './chain/chain.js';
import {
  failPayoutAndCreditBack,
  insertPayoutWithDebit,
  type FailScope,
  setOpenPayoutStatus,
  storeSignedTransfer,
  type OpenPayout,
} from './payouts.queries.js';
import { signTransfer } from './treasury.js';

/** Test hooks: a throw here is a crash at that point of a payout. */
export type PayoutFaults = Partial<
  Record<
    'afterRowWritten' | 'afterSigned' | 'afterSignatureStored' | 'afterSent' | 'afterConfirmed',
    () => void
  >
>;

/** What settling a payout without the chain (failing it, crediting it back) needs. */
export type SettlingContext = {
  db: Executor;
  events: LiveEventBus;
  logger: Logger;
  config: Config;
};

export type PayoutContext = SettlingContext & {
  chain: Chain;
  treasury: KeyPairSigner;
  faults: PayoutFaults;
};

export function explorerUrl(config: Config, signature: string): string {
  const { cluster } = config.solana;
  if (cluster === 'mainnet-beta') return `https://solscan.io/tx/${signature}`;
  return `https://solscan.io/tx/${signature}?cluster=${cluster === 'localnet' ? 'custom' : cluster}`;
}

export function solText(lamports: string): string {
  const digits = lamports.padStart(10, '0');
  return `${digits.slice(0, -9)}.${digits.slice(-9)}`.replace(/\.?0+$/, '') || '0';
}

type PayoutEvent = 'payout.held' | 'payout.sent' | 'payout.confirmed' | 'payout.failed';

/** Tells the payout's owner (in the app, and on their channels as the event's alert). */
export async function tellOwner(
  ctx: SettlingContext,
  payout: Pick<OpenPayout, 'account_id'>,
  event: PayoutEvent,
  text: { title: string; message: string; severity?: 'info' | 'warning' },
): Promise<void> {
  await notify(ctx.db, ctx, {
    accountId: payout.account_id,
    deviceId: null,
    kind: event,
    alert: { event, status: 'firing' },
    severity: text.severity ?? 'info',
    title: text.title,
    message: text.message,
  });
}

/** The balance is spoken for (row and ledger debit) before anything is signed. */
export async function writePayout(
  ctx: PayoutContext,
  account: { accountId: string; address: string; balance: string },
  holdReason?: PayoutHoldReason,
) {
  const payout = await insertPayoutWithDebit(ctx.db, account, holdReason);
  await ctx.faults.afterRowWritten?.();
  return payout;
}

/**
 * Builds and signs the transfer, then stores its signature and exact bytes before sending
 * anything; undefined when the payout is no longer open (settled elsewhere): nothing to send.
 */
export async function signAndStore(
  ctx: PayoutContext,
  payout: OpenPayout,
): Promise<OpenPayout | undefined> {
  const lifetime = await ctx.chain.latestLifetime();
  const signed = await signTransfer(
    ctx.treasury,
    payout.address as Address,
    BigInt(payout.amount_lamports),
    lifetime,
  );
  await ctx.faults.afterSigned?.();
  const stored = await storeSignedTransfer(ctx.db, payout.id, {
    signature: signed.signature,
    wire: signed.wire,
    lastValidBlockHeight: signed.lastValidBlockHeight.toString(),
  });
  if (!stored) return undefined;
  await ctx.faults.afterSignatureStored?.();
  return {
    ...payout,
    signature: signed.signature,
    wire_transaction: signed.wire,
    last_valid_block_height: signed.lastValidBlockHeight.toString(),
  };
}

export async function markSent(ctx: PayoutContext, payout: OpenPayout): Promise<void> {
  if (payout.status === 'pending' && (await setOpenPayoutStatus(ctx.db, payout.id, 'sent'))) {
    await tellOwner(ctx, payout, 'payout.sent', {
      title: `Payout of ${solText(payout.amount_lamports)} SOL sent`,
      message: `On its way to ${payout.address}${ctx.chain.kind === 'local' ? ' (on the local development ledger)' : ''}.`,
    });
  }
  await ctx.faults.afterSent?.();
}

export async function markConfirmed(ctx: PayoutContext, payout: OpenPayout): Promise<void> {
  if (await setOpenPayoutStatus(ctx.db, payout.id, 'confirmed')) {
    const link = payout.signature ? explorerUrl(ctx.config, payout.signature) : '';
    await tellOwner(ctx, payout, 'payout.confirmed', {
      title: `Payout of ${solText(payout.amount_lamports)} SOL confirmed`,
      message: `Confirmed on chain${ctx.chain.kind === 'local' ? ' (local development ledger)' : ''}: ${link}`,
    });
  }
  await ctx.faults.afterConfirmed?.();
}

/** A payout that can never land: marked failed and its amount credited back, once; false if `scope` did not hold. */
export async function failAndCreditBack(
  ctx: SettlingContext,
  payout: OpenPayout,
  reason: string,
  scope: FailScope = 'unsettled',
): Promise<boolean> {
  if (!(await failPayoutAndCreditBack(ctx.db, payout, reason, scope))) return false;
  ctx.logger.warn({ payoutId: payout.id, reason }, 'payout failed; amount credited back');
  await tellOwner(ctx, payout, 'payout.failed', {
    title: `Payout of ${solText(payout.amount_lamports)} SOL failed`,
    message: `It was credited back to your balance and will be retried in a later run (${reason}).`,
    severity: 'warning',
  });
  return true;
}

export async function waitForConfirmation(
  ctx: PayoutContext,
  signature: Signature,
  attempts: number,
) {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const status = await ctx.chain.status(signature);
    if (status.kind !== 'unknown') return status;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { kind: 'unknown' as const };
}
