import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/**
 * Online devices silent for `missedIntervals` reporting intervals become offline. The
 * UPDATE … RETURNING is atomic, so with several API instances each one is returned once.
 */
export function markSilentDevicesOffline(db: Executor, missedIntervals: number) {
  return db
    .updateTable('devices')
    .set({ reported_status: 'offline' })
    .where('reported_status', '=', 'online')
    .where('deleted_at', 'is', null)
    .where(
      'last_seen_at',
      '<',
      sql<Date>`now() - make_interval(secs => ${missedIntervals}::int * interval_s)`,
    )
    .returning(['id', 'account_id', 'name', 'last_seen_at'])
    .execute();
}
