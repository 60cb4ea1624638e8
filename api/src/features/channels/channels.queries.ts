import { sql, type Selectable } from 'kysely';
import type { Executor, NotificationChannelsTable } from '../../db/database.js';
import type { ChannelKind } from './channel-message.js';

export type ChannelRow = Selectable<NotificationChannelsTable>;

export const MAX_CHANNELS_PER_ACCOUNT = 20;

export function listChannels(db: Executor, accountId: string): Promise<ChannelRow[]> {
  return db
    .selectFrom('notification_channels')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The account's channel; `lock` holds its row for an update in the caller's transaction. */
export function findChannel(
  db: Executor,
  accountId: string,
  channelId: string,
  { lock = false } = {},
): Promise<ChannelRow | undefined> {
  const query = db
    .selectFrom('notification_channels')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', channelId);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

export async function countChannels(db: Executor, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('notification_channels')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export type NewChannel = {
  accountId: string;
  kind: ChannelKind;
  name: string;
  targetSealed: string | null;
  targetMasked: string;
  secretSealed: string | null;
  verified: boolean;
  code?: { hash: string; expiresAt: Date };
};

export function insertChannel(db: Executor, channel: NewChannel): Promise<ChannelRow> {
  return db
    .insertInto('notification_channels')
    .values({
      account_id: channel.accountId,
      kind: channel.kind,
      name: channel.name,
      target_sealed: channel.targetSealed,
      target_masked: channel.targetMasked,
      secret_sealed: channel.secretSealed,
      verified: channel.verified,
      code_hash: channel.code?.hash ?? null,
      code_expires_at: channel.code?.expiresAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateChannel(
  db: Executor,
  accountId: string,
  channelId: string,
  changes: { name?: string; enabled?: boolean },
): Promise<ChannelRow | undefined> {
  return db
    .updateTable('notification_channels')
    .set(changes)
    .where('account_id', '=', accountId)
    .where('id', '=', channelId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteChannel(
  db: Executor,
  accountId: string,
  channelId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('notification_channels')
    .where('account_id', '=', accountId)
    .where('id', '=', channelId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function countCodeAttempt(db: Executor, channelId: string): Promise<void> {
  await db
    .updateTable('notification_channels')
    .set((eb) => ({ code_attempts: eb('code_attempts', '+', 1) }))
    .where('id', '=', channelId)
    .execute();
}

/** A confirmed code: the channel is verified and the code is spent. */
export async function markVerified(
  db: Executor,
  channelId: string,
  targetSealed?: string,
  targetMasked?: string,
): Promise<ChannelRow> {
  return db
    .updateTable('notification_channels')
    .set({
      verified: true,
      code_hash: null,
      code_expires_at: null,
      code_attempts: 0,
      ...(targetSealed ? { target_sealed: targetSealed } : {}),
      ...(targetMasked ? { target_masked: targetMasked } : {}),
    })
    .where('id', '=', channelId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The unverified Telegram channel waiting for this link code, if it has not expired, locked
 * for the caller's transaction. A second transaction with the same code waits for the lock and
 * then finds the code spent (PostgreSQL re-checks the row), so one code links once.
 */
export function findChannelByLinkCode(
  db: Executor,
  codeHash: string,
): Promise<ChannelRow | undefined> {
  return db
    .selectFrom('notification_channels')
    .selectAll()
    .where('code_hash', '=', codeHash)
    .where('kind', '=', 'telegram')
    .where('code_expires_at', '>', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
}

export async function recordDeliveryOutcome(
  db: Executor,
  channelId: string,
  outcome: { ok: boolean; error: string | null },
): Promise<void> {
  await db
    .updateTable('notification_channels')
    .set({
      last_delivery_at: sql<Date>`now()`,
      last_delivery_ok: outcome.ok,
      last_delivery_error: outcome.error,
    })
    .where('id', '=', channelId)
    .execute();
}

/** Where an account's alerts go now: its enabled, verified channels. */
export function deliverableChannels(db: Executor, accountId: string): Promise<ChannelRow[]> {
  return db
    .selectFrom('notification_channels')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('enabled', '=', true)
    .where('verified', '=', true)
    .where('target_sealed', 'is not', null)
    .execute();
}
