import type { JobStatus } from '@ioworker/contract';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { newestFirstPage } from '../../db/keyset.queries.js';
import type { Keyset } from '../../lib/paging.js';

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

export type NewJob = {
  externalId: string;
  deviceId: string;
  accountId: string;
  status: JobStatus;
  startedAt: Date;
  endedAt: Date | null;
  earningsLamports: string | null;
};

export type JobChanges = Pick<JobRow, 'status' | 'ended_at' | 'earnings_lamports'>;

export async function listJobs(
  db: Executor,
  filter: { accountId: string; deviceId?: string },
  page: { limit: number; after: Keyset | undefined },
): Promise<{ items: JobRow[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('jobs')
    .select([...jobColumns, sql<string>`created_at::text`.as('created_at_text')])
    .where('account_id', '=', filter.accountId);
  if (filter.deviceId) query = query.where('device_id', '=', filter.deviceId);
  const result = await newestFirstPage(query, page);
  return { items: result.items as JobRow[], nextCursor: result.nextCursor };
}

/** True when the job is new; a known external id is left for the caller to merge. */
export async function insertJobIfNew(trx: Executor, job: NewJob): Promise<boolean> {
  const inserted = await trx
    .insertInto('jobs')
    .values({
      external_id: job.externalId,
      device_id: job.deviceId,
      account_id: job.accountId,
      status: job.status,
      started_at: job.startedAt,
      ended_at: job.endedAt,
      earnings_lamports: job.earningsLamports,
    })
    .onConflict((conflict) => conflict.column('external_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function lockJob(trx: Executor, externalId: string): Promise<JobRow | undefined> {
  return trx
    .selectFrom('jobs')
    .select(jobColumns)
    .where('external_id', '=', externalId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateJob(trx: Executor, jobId: string, changes: JobChanges) {
  return (await trx
    .updateTable('jobs')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', jobId)
    .returning(jobColumns)
    .executeTakeFirstOrThrow()) as JobRow;
}

/** Credits a job's earnings to the owner's ledger; the unique index makes a second credit a no-op. */
export async function creditJobEarnings(trx: Executor, job: JobRow): Promise<boolean> {
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
