import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/**
 * Online devices silent for `missedIntervals` reporting intervals (and `graceMs`, the time a
 * write may wait in an instance's buffer before it is stored) become offline. The
 * UPDATE … RETURNING is atomic, so with several API instances each one is returned once.
 */
export function markSilentDevicesOffline(db: Executor, missedIntervals: number, graceMs = 0) {
  return db
    .updateTable('devices')
    .set({ reported_status: 'offline' })
    .where('reported_status', '=', 'online')
    .where('deleted_at', 'is', null)
    .where(
      'last_seen_at',
      '<',
      sql<Date>`now() - make_interval(secs => ${missedIntervals}::int * interval_s + ${graceMs / 1000}::float8)`,
    )
    .returning(['id', 'account_id', 'name', 'last_seen_at'])
    .execute();
}
