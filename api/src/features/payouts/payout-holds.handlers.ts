import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../../app-env.js';
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

/** The payout as the admin's action left it, with the action in the audit log and the logs. */
async function recorded(
  c: Context<AppEnv>,
  payoutId: string,
  action: 'payout.approved' | 'payout.declined',
) {
  const { deps } = c.var;
  const [payout] = await payoutsByIds(deps.db, [payoutId]);
  if (!payout) throw ApiError.notFound('payout');
  await recordAudit(deps.db, c, {
    action,
    accountId: payout.account_id,
    details: { payoutId, amountLamports: payout.amount_lamports },
  });
  deps.logger.info({ payoutId, action }, 'an admin settled a held payout');
  return toPayout(deps.config, payout);
}

export const payoutHoldRoutes = createRouter()
  .openapi(approvePayoutRoute, async (c) => {
    const { id } = c.req.valid('param');
    await approveNow(c.var.deps, id);
    return c.json({ payout: await recorded(c, id, 'payout.approved') }, 200);
  })
  .openapi(declinePayoutRoute, async (c) => {
    const { id } = c.req.valid('param');
    await declineHeldPayout(c.var.deps, id);
    return c.json({ payout: await recorded(c, id, 'payout.declined') }, 200);
  });
