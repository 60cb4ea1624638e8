import type { AppDeps } from '../../app-env.js';
import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { approveAndSend } from './payout-approval.js';
import { requestPayoutRun } from './payout-handoff.js';
import { declineHeldPayout } from './payout-holds.js';
import { approvePayoutRoute, declinePayoutRoute } from './payout-holds.routes.js';
import { payoutsDisabled, refusal, toPayout } from './payouts.handlers.js';
import { payoutsByIds } from './payouts.queries.js';

/**
 * Approves and sends here, or, in an API that holds no treasury key (ROLE=api), has the worker
 * do both (payout-handoff.ts): without a treasury nothing is released.
 */
async function approveNow(deps: AppDeps, payoutId: string): Promise<void> {
  if (deps.payouts) return approveAndSend(deps.payouts, deps, payoutId);
  if (deps.config.role !== 'api') throw payoutsDisabled();
  const outcome = await requestPayoutRun(deps.db, { approvePayoutId: payoutId });
  if (outcome.kind !== 'ran') refusal(outcome);
}

async function payoutNow(deps: AppDeps, payoutId: string) {
  const [row] = await payoutsByIds(deps.db, [payoutId]);
  if (!row) throw ApiError.notFound('payout');
  return row;
}

export const payoutHoldRoutes = createRouter()
  .openapi(approvePayoutRoute, async (c) => {
    const { deps } = c.var;
    const { id } = c.req.valid('param');
    await approveNow(deps, id);
    const payout = await payoutNow(deps, id);
    await recordAudit(deps.db, c, {
      action: 'payout.approved',
      accountId: payout.account_id,
      details: { payoutId: id, amountLamports: payout.amount_lamports },
    });
    deps.logger.info({ payoutId: id }, 'held payout approved by an admin');
    return c.json({ payout: toPayout(deps.config, payout) }, 200);
  })
  .openapi(declinePayoutRoute, async (c) => {
    const { deps } = c.var;
    const { id } = c.req.valid('param');
    await declineHeldPayout(deps, id);
    const payout = await payoutNow(deps, id);
    await recordAudit(deps.db, c, {
      action: 'payout.declined',
      accountId: payout.account_id,
      details: { payoutId: id, amountLamports: payout.amount_lamports },
    });
    deps.logger.info({ payoutId: id }, 'held payout declined by an admin');
    return c.json({ payout: toPayout(deps.config, payout) }, 200);
  });
