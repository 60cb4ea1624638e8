import { sql, type Selectable } from 'kysely';
import type { Executor, NotificationDeliveriesTable, StoredMessage } from '../../db/database.js';

export type DeliveryRow = Selectable<NotificationDeliveriesTable>;

export type NewDelivery = {
  accountId: string;
  channelId: string;
  notificationId?: string;
  message: StoredMessage;
  /** Not sent before then (grouping, quiet hours). */
  notBefore?: Date;
};

function toRow(delivery: NewDelivery) {
  return {
    account_id: delivery.accountId,
    channel_id: delivery.channelId,
    notification_id: delivery.notificationId ?? null,
    message: JSON.stringify(delivery.message),
    ...(delivery.notBefore ? { next_attempt_at: delivery.notBefore } : {}),
  };
}

/** Queues deliveries in the caller's transaction: they exist exactly when what caused them does. */
export async function enqueueDeliveries(db: Executor, deliveries: NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await db.insertInto('notification_deliveries').values(deliveries.map(toRow)).execute();
}

/** Queues mail to the account itself (no channel): `toSealed` is its sealed address. */
export async function enqueueAccountMail(
  db: Executor,
  mail: { accountId: string; toSealed: string; message: StoredMessage },
): Promise<void> {
  await db
    .insertInto('notification_deliveries')
    .values({
      account_id: mail.accountId,
      channel_id: null,
      to_sealed: mail.toSealed,
      message: JSON.stringify(mail.message),
    })
    .execute();
}

/** Queues one delivery; its id, which is also the idempotency key receivers see. */
export async function enqueueDelivery(db: Executor, delivery: NewDelivery): Promise<string> {
  const row = await db
    .insertInto('notification_deliveries')
    .values(toRow(delivery))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** How many test messages a channel was sent since `since`. */
export async function countTestDeliveries(
  db: Executor,
  channelId: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('notification_deliveries')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('channel_id', '=', channelId)
    .where('created_at', '>=', since)
    .where(sql<string>`message->>'event'`, '=', 'channel.test')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Claims up to `limit` due deliveries for `leaseMs`: rows another worker holds are skipped, and
 * a claim whose worker died is taken again once its lease ends (at-least-once delivery).
 */
export async function claimDueDeliveries(
  db: Executor,
  limit: number,
  leaseMs: number,
): Promise<DeliveryRow[]> {
  const { rows } = await sql<DeliveryRow>`
    UPDATE notification_deliveries AS d
    SET locked_until = now() + ${leaseMs}::double precision * interval '1 millisecond', attempts = d.attempts + 1
    WHERE d.id IN (
      SELECT id FROM notification_deliveries
      WHERE status = 'pending' AND next_attempt_at <= now()
        AND (locked_until IS NULL OR locked_until < now())
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING d.*`.execute(db);
  return rows;
}

export async function markDelivered(db: Executor, deliveryId: string): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({ status: 'sent', finished_at: sql<Date>`now()`, locked_until: null, last_error: null })
    .where('id', '=', deliveryId)
    .execute();
}

export async function markFailed(db: Executor, deliveryId: string, error: string): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({ status: 'failed', finished_at: sql<Date>`now()`, locked_until: null, last_error: error })
    .where('id', '=', deliveryId)
    .execute();
}

export async function scheduleRetry(
  db: Executor,
  deliveryId: string,
  delayMs: number,
  error: string,
): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({
      next_attempt_at: sql<Date>`now() + ${delayMs}::double precision * interval '1 millisecond'`,
      locked_until: null,
      last_error: error,
    })
    .where('id', '=', deliveryId)
    .execute();
}

/** What the worker needs of a delivery's channel. */
export function findChannelForDelivery(db: Executor, channelId: string) {
  return db
    .selectFrom('notification_channels')
    .select(['kind', 'enabled', 'target_sealed', 'secret_sealed'])
    .where('id', '=', channelId)
    .executeTakeFirst();
}

export async function deviceNameOf(db: Executor, deviceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('devices')
    .select('name')
    .where('id', '=', deviceId)
    .executeTakeFirst();
  return row?.name;
}

/**
 * Joins the channel's open group for this event and status, if there is one: the pending,
 * unclaimed deliveries of that kind not yet due. Each joiner moves the group's due time to
 * `groupMs` from now, but never past `maxMs` after the group opened; the new due time comes back
 * for the joiner. Undefined when there is no open group.
 */
export async function joinOpenGroup(
  db: Executor,
  channelId: string,
  message: Pick<StoredMessage, 'event' | 'status'>,
  window: { groupMs: number; maxMs: number },
): Promise<Date | undefined> {
  const { rows } = await sql<{ due: Date }>`
    WITH open_group AS (
      SELECT id, created_at
      FROM notification_deliveries
      WHERE channel_id = ${channelId} AND status = 'pending' AND attempts = 0
        AND next_attempt_at > now()
        AND message->>'event' = ${message.event} AND message->>'status' = ${message.status}
        AND coalesce(message->>'heldForQuietHours', 'false') = 'false'
      FOR UPDATE
    ), opened AS (SELECT min(created_at) AS at FROM open_group)
    UPDATE notification_deliveries AS d
    SET next_attempt_at = least(
      now() + ${window.groupMs}::double precision * interval '1 millisecond',
      (SELECT at FROM opened) + ${window.maxMs}::double precision * interval '1 millisecond'
    )
    FROM open_group AS g
    WHERE d.id = g.id
    RETURNING d.next_attempt_at AS due`.execute(db);
  return rows[0]?.due;
}
