import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/** Per policy, the end of the windows computed so far. */
export async function watermarks(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('metric_rollup_watermarks')
    .select(['policy', 'computed_until'])
    .execute();
  return new Map(rows.map((row) => [row.policy, row.computed_until.getTime()]));
}

/** Moves a policy's watermark forward (never back: two runs may race; both write the same rows). */
export async function advanceWatermark(db: Executor, policy: string, untilMs: number) {
  await db
    .insertInto('metric_rollup_watermarks')
    .values({ policy, computed_until: new Date(untilMs) })
    .onConflict((oc) =>
      oc.column('policy').doUpdateSet({
        computed_until: sql`GREATEST(metric_rollup_watermarks.computed_until, excluded.computed_until)`,
      }),
    )
    .execute();
}

export type StaleMark = { deviceId: string; fromMs: number };

/** Marks devices stale from the earliest of their marks. */
export async function markStale(db: Executor, marks: StaleMark[]): Promise<void> {
  if (marks.length === 0) return;
  await db
    .insertInto('metric_rollup_stale_devices')
    .values(marks.map((mark) => ({ device_id: mark.deviceId, stale_from: new Date(mark.fromMs) })))
    .onConflict((oc) =>
      oc.column('device_id').doUpdateSet({
        stale_from: sql`LEAST(metric_rollup_stale_devices.stale_from, excluded.stale_from)`,
        marks: sql`metric_rollup_stale_devices.marks + 1`,
      }),
    )
    .execute();
}

export type StaleDevice = { deviceId: string; fromMs: number; marks: number };

export async function staleDevices(db: Executor, limit: number): Promise<StaleDevice[]> {
  const rows = await db
    .selectFrom('metric_rollup_stale_devices')
    .select(['device_id', 'stale_from', 'marks'])
    .orderBy('stale_from')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    deviceId: row.device_id,
    fromMs: row.stale_from.getTime(),
    marks: Number(row.marks),
  }));
}

/** Where one device's rollups stop being current: null when it has no stale mark. */
export async function staleFrom(db: Executor, deviceId: string): Promise<number | null> {
  const row = await db
    .selectFrom('metric_rollup_stale_devices')
    .select('stale_from')
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return row ? row.stale_from.getTime() : null;
}

/** Clears the mark that was read, unless another was made since (then it stays for next run). */
export async function clearStale(db: Executor, device: StaleDevice): Promise<void> {
  await db
    .deleteFrom('metric_rollup_stale_devices')
    .where('device_id', '=', device.deviceId)
    .where('marks', '=', device.marks)
    .execute();
}
