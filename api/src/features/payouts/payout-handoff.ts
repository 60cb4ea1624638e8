import { setTimeout as delay } from 'node:timers/promises';
import type { AppDeps } from '../../app-env.js';
import type { PayoutRunOutcome } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { repeatWithPause } from '../../lib/repeat.js';
import { approvalRequested } from './payout-approval.js';
import { runPayouts } from './payout-runner.js';
import type { PayoutService } from './payout-service.js';
import {
  claimRunRequest,
  finishRunRequest,
  insertRunRequest,
  runRequestOutcome,
} from './payout-handoff.queries.js';

/** A worker that claimed a run and went silent this long died: another one runs it again. */
const CLAIM_STALE_MS = 5 * 60_000;

/**
 * An API without the treasury key (ROLE=api) asks the worker for a payout run, or for the
 * approval of a held payout, through PostgreSQL and waits for its outcome. A run that outlasts
 * `timeoutMs` goes on in the worker.
 */
export async function requestPayoutRun(
  db: AppDeps['db'],
  {
    approvePayoutId = null,
    timeoutMs = 120_000,
    pollMs = 250,
  }: { approvePayoutId?: string | null; timeoutMs?: number; pollMs?: number } = {},
): Promise<PayoutRunOutcome> {
  const id = await insertRunRequest(db, approvePayoutId);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const outcome = await runRequestOutcome(db, id);
    if (outcome) return outcome;
    await delay(pollMs);
  }
  throw new ApiError(
    504,
    'payout_run_timeout',
    `No worker finished the payout run within ${timeoutMs / 1000} s (is a ROLE=worker process running?). If one took it, it goes on there.`,
  );
}

async function runRequested(
  payouts: PayoutService | undefined,
  deps: Pick<AppDeps, 'db' | 'events' | 'logger' | 'config'>,
): Promise<PayoutRunOutcome> {
  if (!payouts) return { kind: 'disabled' };
  try {
    const result = await runPayouts(payouts, deps);
    return result.ran ? { kind: 'ran', payoutIds: result.payoutIds } : { kind: 'busy' };
  } catch (error) {
    deps.logger.error({ err: (error as Error).message }, 'requested payout run failed');
    return { kind: 'failed', message: 'The payout run failed; the worker logged why.' };
  }
}

/** The worker's side: claims each requested run or approval, does it and stores its outcome. */
export function startPayoutRunRequests(
  payouts: PayoutService | undefined,
  deps: Pick<AppDeps, 'db' | 'events' | 'logger' | 'config'>,
  everyMs = 1000,
): () => Promise<void> {
  const serve = async () => {
    for (;;) {
      const request = await claimRunRequest(deps.db, CLAIM_STALE_MS);
      if (!request) return;
      const outcome = request.approve_payout_id
        ? await approvalRequested(payouts, deps, request.approve_payout_id)
        : await runRequested(payouts, deps);
      await finishRunRequest(deps.db, request.id, outcome);
    }
  };
  return repeatWithPause(serve, everyMs, (error) =>
    deps.logger.warn({ err: error.message }, 'serving payout run requests failed'),
  );
}
