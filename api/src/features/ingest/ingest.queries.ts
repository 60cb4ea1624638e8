import type { DeviceStatus } from '@ioworker/contract';
import { sql } from 'kysely';
import type { Executor, LatestSample, StoredGpu } from '../../db/database.js';

export type StoredReport = {
  deviceId: string;
  intervalS: number;
  latest: LatestSample | null;
  gpus: StoredGpu[];
  droppedFields: number;
  uptime: { day: string; seconds: number }[];
};

/**
 * One statement: last seen (time of receipt), online, the reporting interval, the latest
 * sample, the GPU inventory and dropped fields; the uptime upsert rides along as a
 * data-modifying CTE, and the row's previous status is read under the row lock.
 */
export async function storeReport(
  db: Executor,
  report: StoredReport,
): Promise<{ previous_status: DeviceStatus; last_seen_at: Date } | undefined> {
  const { rows } = await sql<{ previous_status: DeviceStatus; last_seen_at: Date }>`
    WITH uptime AS (
      INSERT INTO device_uptime_days (device_id, day, covered_seconds)
      SELECT ${report.deviceId}, (entry->>'day')::date, (entry->>'seconds')::int
      FROM jsonb_array_elements(${JSON.stringify(report.uptime)}::jsonb) AS entry
      ON CONFLICT (device_id, day) DO UPDATE
        SET covered_seconds = least(86400, device_uptime_days.covered_seconds + excluded.covered_seconds)
    )
    UPDATE devices SET
      last_seen_at = now(),
      reported_status = 'online',
      interval_s = ${report.intervalS},
      latest = ${report.latest ? JSON.stringify(report.latest) : null}::jsonb,
      gpus = ${JSON.stringify(report.gpus)}::jsonb,
      dropped_fields = dropped_fields + ${report.droppedFields}
    FROM (SELECT reported_status AS previous_status FROM devices WHERE id = ${report.deviceId} FOR UPDATE) AS before
    WHERE devices.id = ${report.deviceId}
    RETURNING before.previous_status, devices.last_seen_at`.execute(db);
  return rows[0];
}
