import { sql } from 'kysely';
import type { Executor, RuleParams } from '../../db/database.js';
import type { QuietHours } from './quiet-hours.js';

export type StoredRule = {
  event: string;
  enabled: boolean | null;
  channel_ids: string[] | null;
  params: RuleParams | null;
};

export function accountRules(db: Executor, accountId: string): Promise<StoredRule[]> {
  return db
    .selectFrom('notification_rules')
    .select(['event', 'enabled', 'channel_ids', 'params'])
    .where('account_id', '=', accountId)
    .where('device_id', 'is', null)
    .execute();
}

export function deviceRules(db: Executor, deviceId: string): Promise<StoredRule[]> {
  return db
    .selectFrom('notification_rules')
    .select(['event', 'enabled', 'channel_ids', 'params'])
    .where('device_id', '=', deviceId)
    .execute();
}

/** Replaces the account's rules (deviceId undefined) or one device's overrides. */
export async function replaceRules(
  db: Executor,
  accountId: string,
  deviceId: string | undefined,
  rules: StoredRule[],
): Promise<void> {
  let existing = db.deleteFrom('notification_rules').where('account_id', '=', accountId);
  existing = deviceId
    ? existing.where('device_id', '=', deviceId)
    : existing.where('device_id', 'is', null);
  await existing.execute();
  if (rules.length === 0) return;
  await db
    .insertInto('notification_rules')
    .values(
      rules.map((rule) => ({
        account_id: accountId,
        device_id: deviceId ?? null,
        event: rule.event,
        enabled: rule.enabled,
        channel_ids: rule.channel_ids ? JSON.stringify(rule.channel_ids) : null,
        params: rule.params ? JSON.stringify(rule.params) : null,
      })),
    )
    .execute();
}

export async function quietHoursOf(
  db: Executor,
  accountId: string,
): Promise<{ quiet: QuietHours | null; timezone: string }> {
  const row = await db
    .selectFrom('accounts')
    .select(['quiet_start', 'quiet_end', 'timezone'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const quiet =
    row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null;
  return { quiet, timezone: row.timezone };
}

export async function setQuietHours(
  db: Executor,
  accountId: string,
  quiet: QuietHours | null,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ quiet_start: quiet?.start ?? null, quiet_end: quiet?.end ?? null })
    .where('id', '=', accountId)
    .execute();
}

/** Whether the device is in maintenance now. */
export async function isMuted(db: Executor, deviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('devices')
    .select(sql<boolean>`coalesce(muted_until > now(), false)`.as('muted'))
    .where('id', '=', deviceId)
    .executeTakeFirst();
  return row?.muted ?? false;
}

/** Mutes (until a time) or unmutes (null) the account's live device; false when not found. */
export async function setMutedUntil(
  db: Executor,
  accountId: string,
  deviceId: string,
  until: Date | null,
): Promise<boolean> {
  const result = await db
    .updateTable('devices')
    .set({ muted_until: until })
    .where('id', '=', deviceId)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The account's live device's maintenance end, or undefined when the device is not theirs. */
export async function muteOf(
  db: Executor,
  accountId: string,
  deviceId: string,
): Promise<{ mutedUntil: Date | null } | undefined> {
  const row = await db
    .selectFrom('devices')
    .select('muted_until')
    .where('id', '=', deviceId)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { mutedUntil: row.muted_until } : undefined;
}
