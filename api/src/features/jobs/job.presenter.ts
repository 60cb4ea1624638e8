import type { JobRow } from './jobs.queries.js';

export function toJob(row: JobRow) {
  return {
    id: row.id,
    externalId: row.external_id,
    deviceId: row.device_id,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    earningsLamports: row.earnings_lamports,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
