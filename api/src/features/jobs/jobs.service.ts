import { sql } from 'kysely';
import type { Executor, JobStatus } from '../../db/database.js';
import type { AppDeps } from '../../lib/app-env.js';
import { ApiError } from '../../lib/api-error.js';

export type JobReport = {
  externalId: string;
  deviceId: string;
  status: JobStatus;
  startedAt: Date;
  endedAt?: Date | undefined;
  earningsLamports?: bigint | undefined;
};

const TERMINAL: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled']);
const RANK: Record<JobStatus, number> = {
  assigned: 0,
  running: 1,
  completed: 2,
  failed: 2,
  cancelled: 2,
};

export const jobColumns = [
  'id',
  'external_id',
  'device_id',
  'account_id',
  'status',
  'started_at',
  'ended_at',
  'created_at',
  'updated_at',
  sql<string | null>`earnings_lamports::text`.as('earnings_lamports'),
] as const;

export type JobRow = {
  id: string;
  external_id: string;
  device_id: string;
  account_id: string;
  status: JobStatus;
  started_at: Date;
  ended_at: Date | null;
  earnings_lamports: string | null;
  created_at: Date;
  updated_at: Date;
};

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

/**
 * How a report changes a stored job, whatever order reports arrive in: status only moves
 * forward, a terminal status is final, earnings are set once.
 */
function merge(stored: JobRow, report: JobReport) {
  if (stored.device_id !== report.deviceId) {
    throw ApiError.conflict(
      'job_device_mismatch',
      `Job ${report.externalId} belongs to another device.`,
    );
  }
  if (
    TERMINAL.has(stored.status) &&
    TERMINAL.has(report.status) &&
    stored.status !== report.status
  ) {
    throw ApiError.conflict(
      'job_final',
      `Job ${report.externalId} already ended as ${stored.status}.`,
    );
  }
  const earnings = report.earningsLamports?.toString() ?? null;
  if (
    earnings !== null &&
    stored.earnings_lamports !== null &&
    stored.earnings_lamports !== earnings
  ) {
    throw ApiError.conflict(
      'earnings_conflict',
      `Job ${report.externalId} was already credited ${stored.earnings_lamports} lamports; corrections are adjustment entries.`,
    );
  }
  return {
    status: RANK[report.status] > RANK[stored.status] ? report.status : stored.status,
    ended_at: stored.ended_at ?? report.endedAt ?? null,
    earnings_lamports: stored.earnings_lamports ?? earnings,
  };
}

async function lockJob(trx: Executor, externalId: string): Promise<JobRow | undefined> {
  return trx
    .selectFrom('jobs')
    .select(jobColumns)
    .where('external_id', '=', externalId)
    .forUpdate()
    .executeTakeFirst();
}

/** Credits a job's earnings to the owner's ledger; the unique index makes a second credit a no-op. */
async function credit(trx: Executor, job: JobRow): Promise<boolean> {
  if (job.earnings_lamports === null || job.earnings_lamports === '0') return false;
  const inserted = await trx
    .insertInto('ledger_entries')
    .values({
      account_id: job.account_id,
      kind: 'job',
      amount_lamports: job.earnings_lamports,
      device_id: job.device_id,
      job_id: job.id,
    })
    .onConflict((conflict) => conflict.column('job_id').where('kind', '=', 'job').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Upserts a job by its external id. Concurrent reports of one job are serialised by the row
 * lock; the ledger's unique index guarantees one credit whatever happens.
 */
export async function upsertJob(deps: Pick<AppDeps, 'db' | 'events'>, report: JobReport) {
  const result = await deps.db.transaction().execute(async (trx) => {
    const device = await trx
      .selectFrom('devices')
      .select(['id', 'account_id'])
      .where('id', '=', report.deviceId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!device) throw ApiError.notFound(`Device ${report.deviceId} (unknown or deleted)`);
    const inserted = await trx
      .insertInto('jobs')
      .values({
        external_id: report.externalId,
        device_id: device.id,
        account_id: device.account_id,
        status: report.status,
        started_at: report.startedAt,
        ended_at: report.endedAt ?? null,
        earnings_lamports: report.earningsLamports?.toString() ?? null,
      })
      .onConflict((conflict) => conflict.column('external_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    let job = (await lockJob(trx, report.externalId)) as JobRow;
    if (!inserted) {
      const changes = merge(job, report);
      job = (await trx
        .updateTable('jobs')
        .set({ ...changes, updated_at: sql<Date>`now()` })
        .where('id', '=', job.id)
        .returning(jobColumns)
        .executeTakeFirstOrThrow()) as JobRow;
    }
    return { job, created: inserted !== undefined, credited: await credit(trx, job) };
  });
  const { job } = result;
  await deps.events.publish(job.account_id, { type: 'job', data: toJob(job) });
  if (result.credited) {
    await deps.events.publish(job.account_id, {
      type: 'earning',
      data: { jobId: job.id, deviceId: job.device_id, amountLamports: job.earnings_lamports },
    });
  }
  return result;
}
