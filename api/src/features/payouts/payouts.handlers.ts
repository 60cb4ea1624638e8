import type { Config } from '../../config.js';
import { ApiError } from '../../lib/api-error.js';
import { decodeCursor } from '../../lib/paging.js';
import { createRouter } from '../../router.js';
import type { AppDeps } from '../../app-env.js';
import type { PayoutRunOutcome } from '../../db/database.js';
import { requestPayoutRun } from './payout-handoff.js';
import { runPayouts } from './payout-runner.js';
import type { PayoutService } from './payout-service.js';
import { explorerUrl } from './payout-steps.js';
import { listPayouts, payoutsByIds, type ListedPayout } from './payouts.queries.js';
import { listPayoutsRoute, reconcilePayoutsRoute, runPayoutsRoute } from './payouts.routes.js';
import { reconcilePayouts } from './reconciliation.js';

export const payoutsDisabled = () =>
  new ApiError(503, 'payouts_disabled', 'Payouts are off: set TREASURY_KEYPAIR.');

export function payoutsOn(service: PayoutService | undefined): PayoutService {
  if (!service) throw payoutsDisabled();
  return service;
}

const runInProgress = () =>
  ApiError.conflict('payout_run_in_progress', 'Another payout run is in progress.');

/**
 * Runs payouts here, or, in an API that holds no treasury key (ROLE=api), has the worker run
 * them (payout-handoff.ts). Answers the ids of the payouts made.
 */
async function runNow(deps: AppDeps): Promise<string[]> {
  if (deps.payouts || deps.config.role !== 'api') {
    const result = await runPayouts(payoutsOn(deps.payouts), deps);
    if (!result.ran) throw runInProgress();
    return result.payoutIds;
  }
  const outcome = await requestPayoutRun(deps.db);
  if (outcome.kind === 'ran') return outcome.payoutIds;
  return refusal(outcome);
}

/** What a worker's answer other than a run means over HTTP. */
export function refusal(outcome: Exclude<PayoutRunOutcome, { kind: 'ran' }>): never {
  if (outcome.kind === 'disabled') throw payoutsDisabled();
  if (outcome.kind === 'refused') throw new ApiError(outcome.status, outcome.code, outcome.message);
  if (outcome.kind === 'busy') throw runInProgress();
  throw new ApiError(502, 'payout_run_failed', outcome.message);
}

function networkOf(service: PayoutService | undefined) {
  if (!service) return null;
  return service.chain.kind === 'local' ? ('local-ledger' as const) : ('solana' as const);
}

export function toPayout(config: Config, row: ListedPayout) {
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    amountLamports: row.amount_lamports,
    address: row.address,
    status: row.status,
    holdReason: row.hold_reason,
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
    const { config, payouts } = c.var.deps;
    const payoutIds = await runNow(c.var.deps);
    const rows = payoutIds.length === 0 ? [] : await payoutsByIds(c.var.deps.db, payoutIds);
    const network = networkOf(payouts);
    return c.json(
      { payouts: rows.map((row) => toPayout(config, row)), nextCursor: null, network },
      200,
    );
  })
  .openapi(reconcilePayoutsRoute, async (c) => {
    const { chain } = payoutsOn(c.var.deps.payouts);
    const { accountId } = c.req.valid('query');
    const result = await reconcilePayouts({ ...c.var.deps, chain }, { accountId, recheck: true });
    const mismatches = result.checks
      .filter((check) => check.problems.length > 0)
      .map(({ payoutId, accountId: owner, problems }) => ({
        payoutId,
        accountId: owner,
        problems,
      }));
    return c.json(
      { checked: result.checks.length, mismatches, unverifiable: result.unverifiable },
      200,
    );
  });
