import { sql } from 'kysely';
import type { Executor, LatestSample } from '../../db/database.js';
import type { StoredRule } from '../notification-rules/notification-rules.queries.js';
import type { DeviceSnapshot } from './conditions.js';
import type { Episode } from './episodes.js';

/**
 * Every device that has reported (or those of one account), with what the rules look at: the
 * GPUs and services of its latest sample (not the whole sample), whether a job runs, and its
 * last credit.
 */
export async function devicesToEvaluate(
  db: Executor,
  accountId?: string,
): Promise<DeviceSnapshot[]> {
  let query = db
    .selectFrom('devices as d')
    .select([
      'd.id',
      'd.account_id',
      'd.name',
      'd.last_seen_at',
      'd.interval_s',
      sql<LatestSample['gpus'] | null>`d.latest->'gpus'`.as('gpus'),
      sql<LatestSample['services'] | null>`d.latest->'services'`.as('services'),
      sql<boolean>`d.paused_at is not null`.as('paused'),
      sql<boolean>`exists (select 1 from jobs j where j.device_id = d.id and j.status = 'running')`.as(
        'has_running_job',
      ),
      sql<Date>`coalesce((select max(l.at) from ledger_entries l where l.device_id = d.id and l.kind = 'job'), d.created_at)`.as(
        'earning_since',
      ),
    ])
    .where('d.deleted_at', 'is', null)
    .where('d.last_seen_at', 'is not', null)
    .$narrowType<{ last_seen_at: Date }>();
  if (accountId !== undefined) query = query.where('d.account_id', '=', accountId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    lastSeenAt: row.last_seen_at,
    intervalS: row.interval_s,
    gpus: row.gpus ?? [],
    services: row.services ?? [],
    paused: row.paused,
    hasRunningJob: row.has_running_job,
    earningSince: new Date(row.earning_since),
  }));
}

export type RuleRow = StoredRule & { account_id: string; device_id: string | null };

/** Every stored rule and override of the evaluated events. */
export function rulesOfEvents(db: Executor, events: readonly string[]): Promise<RuleRow[]> {
  return db
    .selectFrom('notification_rules')
    .select(['account_id', 'device_id', 'event', 'enabled', 'channel_ids', 'params'])
    .where('event', 'in', events)
    .execute();
}

export type EpisodeKey = { deviceId: string; event: string; subject: string };
export type StoredEpisode = Episode & EpisodeKey & { accountId: string };

export async function allEpisodes(db: Executor): Promise<StoredEpisode[]> {
  const rows = await db.selectFrom('alert_episodes').selectAll().execute();
  return rows.map((row) => ({
    deviceId: row.device_id,
    event: row.event,
    subject: row.subject,
    accountId: row.account_id,
    state: row.state,
    since: row.since,
    notifiedStatus: row.notified_status,
    firedCount: row.fired_count,
    flapWindowStart: row.flap_window_start,
    flapping: row.flapping,
    changedAt: row.changed_at,
  }));
}

function columnsOf(episode: Episode) {
  return {
    state: episode.state,
    since: episode.since,
    notified_status: episode.notifiedStatus,
    fired_count: episode.firedCount,
    flap_window_start: episode.flapWindowStart,
    flapping: episode.flapping,
    changed_at: episode.changedAt,
  };
}

/**
 * Moves an episode from what was read (`before`, null when there was none) to `next` (null:
 * gone). False when another evaluator changed it first: then this one must not announce it.
 */
export async function moveEpisode(
  db: Executor,
  key: EpisodeKey & { accountId: string },
  before: Episode | null,
  next: Episode | null,
): Promise<boolean> {
  if (!before) {
    if (!next) return true;
    const inserted = await db
      .insertInto('alert_episodes')
      .values({
        device_id: key.deviceId,
        event: key.event,
        subject: key.subject,
        account_id: key.accountId,
        ...columnsOf(next),
      })
      .onConflict((conflict) => conflict.columns(['device_id', 'event', 'subject']).doNothing())
      .executeTakeFirst();
    return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
  // Optimistic: the row must still be as it was read, so two evaluators never both announce.
  const asRead = {
    device_id: key.deviceId,
    event: key.event,
    subject: key.subject,
    state: before.state,
    changed_at: before.changedAt,
  };
  if (next) {
    const updated = await db
      .updateTable('alert_episodes')
      .set(columnsOf(next))
      .where((eb) => eb.and(asRead))
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }
  const deleted = await db
    .deleteFrom('alert_episodes')
    .where((eb) => eb.and(asRead))
    .executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
