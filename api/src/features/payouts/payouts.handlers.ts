import type { Config } from '../../config.js';
import { ApiError } from '../../lib/api-error.js';
import { decodeCursor } from '../../lib/paging.js';
import { createRouter } from '../../router.js';
import { runPayouts } from './payout-runner.js';
import type { PayoutService } from './payout-service.js';
import { explorerUrl } from './payout-steps.js';
import { listPayouts, payoutsByIds, type ListedPayout } from './payouts.queries.js';
import { listPayoutsRoute, runPayoutsRoute } from './payouts.routes.js';

function networkOf(service: PayoutService | undefined) {
  if (!service) return null;
  return service.chain.kind === 'local' ? ('local-ledger' as const) : ('solana' as const);
}

function toPayout(config: Config, row: ListedPayout) {
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    amountLamports: row.amount_lamports,
    address: row.address,
    status: row.status,
    signature: row.signature,
    explorerUrl:
      row.signature && row.status !== 'failed' ? explorerUrl(config, row.signature) : null,
    failureReason: row.failure_reason,
  };
}

export const payoutRoutes = createRouter()
  .openapi(listPayoutsRoute, async (c) => {
    const { db, config, payouts } = c.var.deps;
    const { limit, cursor } = c.req.valid('query');
    const page = await listPayouts(db, c.var.user.accountId, {
      limit,
      after: decodeCursor(cursor),
    });
    const network = networkOf(payouts);
    return c.json(
      {
        payouts: page.items.map((row) => toPayout(config, row)),
        nextCursor: page.nextCursor,
        network,
      },
      200,
    );
  })
  .openapi(runPayoutsRoute, async (c) => {
    const { payouts, config } = c.var.deps;
    if (!payouts)
      throw new ApiError(503, 'payouts_disabled', 'Payouts are off: set TREASURY_KEYPAIR.');
    const result = await runPayouts(payouts, c.var.deps);
    if (!result.ran)
      throw ApiError.conflict('payout_run_in_progress', 'Another payout run is in progress.');
    const rows =
      result.payoutIds.length === 0 ? [] : await payoutsByIds(c.var.deps.db, result.payoutIds);
    const network = networkOf(payouts);
    return c.json(
      { payouts: rows.map((row) => toPayout(config, row)), nextCursor: null, network },
      200,
    );
  });
