import { announceDeviceState } from '../devices/device-state-events.js';
import { isTerminalJobStatus, type JobStatus } from '@ioworker/contract';
import type { AppDeps } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { lockDeviceForJob } from '../devices/devices.queries.js';
import { toJob } from './job.presenter.js';
import {
  creditJobEarnings,
  insertJobIfNew,
  lockJob,
  updateJob,
  type JobChanges,
  type JobRow,
} from './jobs.queries.js';

export type JobReport = {
  externalId: string;
  deviceId: string;
  status: JobStatus;
  startedAt: Date;
  endedAt?: Date | undefined;
  earningsLamports?: bigint | undefined;
};

const RANK: Record<JobStatus, number> = {
  assigned: 0,
  running: 1,
  completed: 2,
  failed: 2,
  cancelled: 2,
};

/**
 * How a report changes a stored job, whatever order reports arrive in: status only moves
 * forward, a terminal status is final, earnings are set once.
 */
function merge(stored: JobRow, report: JobReport): JobChanges {
  if (stored.device_id !== report.deviceId) {
    throw ApiError.conflict(
      'job_device_mismatch',
      `Job ${report.externalId} belongs to another device.`,
    );
  }
  if (
    isTerminalJobStatus(stored.status) &&
    isTerminalJobStatus(report.status) &&
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

/**
 * A paused device takes no new job: a report that would start one running (a new job, or an
 * assigned one) is refused. Reports of a job already running or ended still go through.
 */
async function refuseStartOnPaused(trx: Executor, report: JobReport): Promise<void> {
  if (report.status !== 'running') return;
  const stored = await lockJob(trx, report.externalId);
  if (stored && stored.status !== 'assigned') return;
  throw ApiError.conflict(
    'device_paused',
    `Device ${report.deviceId} is paused by its owner: it takes no new jobs until resumed.`,
  );
}

/**
 * Upserts a job by its external id. Concurrent reports of one job are serialised by the row
 * lock; the ledger's unique index guarantees one credit whatever happens.
 */
export async function upsertJob(deps: Pick<AppDeps, 'db' | 'events'>, report: JobReport) {
  const result = await deps.db.transaction().execute(async (trx) => {
    const device = await lockDeviceForJob(trx, report.deviceId);
    if (!device) throw ApiError.notFound(`Device ${report.deviceId} (unknown or deleted)`);
    if (device.paused_at) await refuseStartOnPaused(trx, report);
    const created = await insertJobIfNew(trx, {
      externalId: report.externalId,
      deviceId: device.id,
      accountId: device.account_id,
      status: report.status,
      startedAt: report.startedAt,
      endedAt: report.endedAt ?? null,
      earningsLamports: report.earningsLamports?.toString() ?? null,
    });
    let job = (await lockJob(trx, report.externalId)) as JobRow;
    const wasRunning = !created && job.status === 'running';
    if (!created) job = await updateJob(trx, job.id, merge(job, report));
    const runningChanged = wasRunning !== (job.status === 'running');
    return { job, created, runningChanged, credited: await creditJobEarnings(trx, job) };
  });
  const { job } = result;
  await deps.events.publish(job.account_id, { type: 'job', data: toJob(job) });
  // A job starting or ending moves the device between busy and idle.
  if (result.runningChanged) await announceDeviceState(deps, job.device_id);
  if (result.credited) {
    await deps.events.publish(job.account_id, {
      type: 'earning',
      data: { jobId: job.id, deviceId: job.device_id, amountLamports: job.earnings_lamports },
    });
  }
  return result;
}
