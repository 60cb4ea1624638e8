import type { Address, KeyPairSigner, Signature } from '@solana/kit';
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import type { Executor, PayoutStatus } from '../../db/database.js';
import type { EventBus } from '../../events/event-bus.js';
import type { Logger } from '../../lib/logger.js';
import { notify } from '../notifications/notifications.service.js';
import type { Chain } from './chain/chain.js';
import { signTransfer } from './treasury.js';

/** Test hooks: a throw here is a crash at that point of a payout. */
export type PayoutFaults = Partial<
  Record<
    'afterRowWritten' | 'afterSigned' | 'afterSignatureStored' | 'afterSent' | 'afterConfirmed',
    () => void
  >
>;

export type PayoutContext = {
  db: Executor;
  events: EventBus;
  logger: Logger;
  config: Config;
  chain: Chain;
  treasury: KeyPairSigner;
  faults: PayoutFaults;
};

export type OpenPayout = {
  id: string;
  account_id: string;
  amount_lamports: string;
  address: string;
  status: PayoutStatus;
  signature: string | null;
  wire_transaction: string | null;
  last_valid_block_height: string | null;
};

export const payoutColumns = [
  'id',
  'account_id',
  'address',
  'status',
  'signature',
  'wire_transaction',
  sql<string>`amount_lamports::text`.as('amount_lamports'),
  sql<string | null>`last_valid_block_height::text`.as('last_valid_block_height'),
] as const;

export function explorerUrl(config: Config, signature: string): string {
  const { cluster } = config.solana;
  if (cluster === 'mainnet-beta') return `https://solscan.io/tx/${signature}`;
  return `https://solscan.io/tx/${signature}?cluster=${cluster === 'localnet' ? 'custom' : cluster}`;
}

export function solText(lamports: string): string {
  const digits = lamports.padStart(10, '0');
  return `${digits.slice(0, -9)}.${digits.slice(-9)}`.replace(/\.?0+$/, '') || '0';
}

/** The row and its ledger debit, in one transaction: the balance is spoken for before anything is signed. */
export async function writePayout(
  ctx: PayoutContext,
  account: { accountId: string; address: string; balance: string },
) {
  const payout = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('payouts')
      .values({
        account_id: account.accountId,
        amount_lamports: account.balance,
        address: account.address,
        status: 'pending',
      })
      .returning(payoutColumns)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ledger_entries')
      .values({
        account_id: account.accountId,
        kind: 'payout',
        amount_lamports: `-${account.balance}`,
        payout_id: row.id,
      })
      .execute();
    return row as OpenPayout;
  });
  await ctx.faults.afterRowWritten?.();
  return payout;
}

/** Builds and signs the transfer, then stores its signature and exact bytes before sending anything. */
export async function signAndStore(ctx: PayoutContext, payout: OpenPayout): Promise<OpenPayout> {
  const lifetime = await ctx.chain.latestLifetime();
  const signed = await signTransfer(
    ctx.treasury,
    payout.address as Address,
    BigInt(payout.amount_lamports),
    lifetime,
  );
  await ctx.faults.afterSigned?.();
  await ctx.db
    .updateTable('payouts')
    .set({
      signature: signed.signature,
      wire_transaction: signed.wire,
      last_valid_block_height: signed.lastValidBlockHeight.toString(),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', payout.id)
    .where('status', 'in', ['pending', 'sent'])
    .execute();
  await ctx.faults.afterSignatureStored?.();
  return {
    ...payout,
    signature: signed.signature,
    wire_transaction: signed.wire,
    last_valid_block_height: signed.lastValidBlockHeight.toString(),
  };
}

async function setStatus(
  ctx: PayoutContext,
  payout: OpenPayout,
  status: PayoutStatus,
  reason?: string,
) {
  const updated = await ctx.db
    .updateTable('payouts')
    .set({ status, failure_reason: reason ?? null, updated_at: sql<Date>`now()` })
    .where('id', '=', payout.id)
    .where('status', 'in', ['pending', 'sent'])
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

export async function markSent(ctx: PayoutContext, payout: OpenPayout): Promise<void> {
  if (payout.status === 'pending' && (await setStatus(ctx, payout, 'sent'))) {
    await notify(ctx.db, ctx.events, {
      accountId: payout.account_id,
      deviceId: null,
      kind: 'payout.sent',
      severity: 'info',
      title: `Payout of ${solText(payout.amount_lamports)} SOL sent`,
      message: `On its way to ${payout.address}${ctx.chain.kind === 'local' ? ' (on the local development ledger)' : ''}.`,
    });
  }
  await ctx.faults.afterSent?.();
}

export async function markConfirmed(ctx: PayoutContext, payout: OpenPayout): Promise<void> {
  if (await setStatus(ctx, payout, 'confirmed')) {
    const link = payout.signature ? explorerUrl(ctx.config, payout.signature) : '';
    await notify(ctx.db, ctx.events, {
      accountId: payout.account_id,
      deviceId: null,
      kind: 'payout.confirmed',
      severity: 'info',
      title: `Payout of ${solText(payout.amount_lamports)} SOL confirmed`,
      message: `Confirmed on chain${ctx.chain.kind === 'local' ? ' (local development ledger)' : ''}: ${link}`,
    });
  }
  await ctx.faults.afterConfirmed?.();
}

/** A payout that can never land: marked failed and its amount credited back, once. */
export async function failAndCreditBack(
  ctx: PayoutContext,
  payout: OpenPayout,
  reason: string,
): Promise<void> {
  const failed = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('payouts')
      .set({ status: 'failed', failure_reason: reason, updated_at: sql<Date>`now()` })
      .where('id', '=', payout.id)
      .where('status', 'in', ['pending', 'sent'])
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await trx
      .insertInto('ledger_entries')
      .values({
        account_id: payout.account_id,
        kind: 'payout',
        amount_lamports: payout.amount_lamports,
        payout_id: payout.id,
        note: `payout failed: ${reason}`.slice(0, 500),
      })
      .execute();
    return true;
  });
  if (!failed) return;
  ctx.logger.warn({ payoutId: payout.id, reason }, 'payout failed; amount credited back');
  await notify(ctx.db, ctx.events, {
    accountId: payout.account_id,
    deviceId: null,
    kind: 'payout.failed',
    severity: 'warning',
    title: `Payout of ${solText(payout.amount_lamports)} SOL failed`,
    message: `It was credited back to your balance and will be retried in a later run (${reason}).`,
  });
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
