import type { AppDeps } from '../../app-env.js';
import type { PayoutRunOutcome } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { approveHeldPayout } from './payout-holds.js';
import { runPayouts } from './payout-runner.js';
import type { PayoutService } from './payout-service.js';

type ApprovalDeps = Pick<AppDeps, 'db' | 'events' | 'logger' | 'config'>;

/**
 * Releases a held payout and sends it at once, in a run that settles open payouts only. The
 * approval stands whatever that run meets (another run in progress, an RPC error): the payout
 * is then pending, and the next run sends it.
 */
export async function approveAndSend(
  payouts: PayoutService,
  deps: ApprovalDeps,
  payoutId: string,
): Promise<void> {
  await approveHeldPayout(deps, payoutId);
  try {
    await runPayouts(payouts, deps, {}, { payNew: false });
  } catch (error) {
    deps.logger.error(
      { payoutId, err: (error as Error).message },
      'sending an approved payout failed; the next run sends it',
    );
  }
}

/** The worker's side of an approval an API handed over (ROLE=api holds no treasury key). */
export async function approvalRequested(
  payouts: PayoutService | undefined,
  deps: ApprovalDeps,
  payoutId: string,
): Promise<PayoutRunOutcome> {
  if (!payouts) return { kind: 'disabled' };
  try {
    await approveAndSend(payouts, deps, payoutId);
    return { kind: 'ran', payoutIds: [payoutId] };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
      return { kind: 'refused', status: error.status, code: error.code, message: error.message };
    }
    deps.logger.error({ payoutId, err: (error as Error).message }, 'approving a payout failed');
    return { kind: 'failed', message: 'The approval failed; the worker logged why.' };
  }
}
