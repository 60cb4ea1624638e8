import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import type { Config } from '../../config.js';
import { errorResponses, jsonContent, sessionSecurity } from '../../lib/openapi-schemas.js';
import { decodeCursor, newestFirstPage, PageQuery } from '../../lib/paging.js';
import { createRouter } from '../../lib/router.js';
import { requireUser } from '../auth/auth.middleware.js';
import { runPayouts } from './payout-runner.js';
import type { PayoutService } from './payout-service.js';
import { explorerUrl } from './payout-steps.js';

const PayoutSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    amountLamports: z.string(),
    address: z.string(),
    status: z.enum(['pending', 'sent', 'confirmed', 'failed']),
    signature: z.string().nullable(),
    explorerUrl: z.string().nullable(),
    failureReason: z.string().nullable(),
  })
  .openapi('Payout');

const PayoutList = z.object({
  payouts: z.array(PayoutSchema),
  nextCursor: z.string().nullable(),
  network: z.enum(['local-ledger', 'solana']).nullable().openapi({
    description: '`local-ledger`: the embedded development ledger, where no real SOL moves',
  }),
});

const listRoute = createRoute({
  tags: ['payouts'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/payouts',
  summary: "The account's payouts, newest first",
  request: { query: PageQuery },
  responses: {
    200: jsonContent(PayoutList, 'A page.'),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const runRoute = createRoute({
  tags: ['payouts'],
  security: [{ adminToken: [] }],
  method: 'post',
  path: '/v1/admin/payouts/run',
  summary:
    'Pay every account whose balance reaches PAYOUT_MIN_LAMPORTS and whose address is out of its hold',
  responses: {
    200: jsonContent(PayoutList, 'The payouts of this run.'),
    401: errorResponses[401],
    409: errorResponses[409],
    503: { description: 'Payouts are not configured (TREASURY_KEYPAIR).' },
  },
});

type PayoutRow = {
  id: string;
  created_at: Date;
  created_at_text: string;
  amount_lamports: string;
  address: string;
  status: 'pending' | 'sent' | 'confirmed' | 'failed';
  signature: string | null;
  failure_reason: string | null;
};

function networkOf(service: PayoutService | undefined) {
  if (!service) return null;
  return service.chain.kind === 'local' ? ('local-ledger' as const) : ('solana' as const);
}

function toPayout(config: Config, row: PayoutRow) {
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

function selectPayouts(db: Executor) {
  return db
    .selectFrom('payouts')
    .select([
      'id',
      'created_at',
      'address',
      'status',
      'signature',
      'failure_reason',
      sql<string>`amount_lamports::text`.as('amount_lamports'),
      sql<string>`created_at::text`.as('created_at_text'),
    ]);
}

export const payoutRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const { db, config, payouts } = c.var.deps;
    const { limit, cursor } = c.req.valid('query');
    const page = await newestFirstPage(
      selectPayouts(db).where('account_id', '=', c.var.user.accountId),
      { limit, after: decodeCursor(cursor) },
    );
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
  .openapi(runRoute, async (c) => {
    const { payouts, config } = c.var.deps;
    if (!payouts)
      throw new ApiError(503, 'payouts_disabled', 'Payouts are off: set TREASURY_KEYPAIR.');
    const result = await runPayouts(payouts, c.var.deps);
    if (!result.ran)
      throw ApiError.conflict('payout_run_in_progress', 'Another payout run is in progress.');
    const rows =
      result.payoutIds.length === 0
        ? []
        : await selectPayouts(c.var.deps.db)
            .where('id', 'in', result.payoutIds)
            .orderBy('created_at')
            .execute();
    const network = networkOf(payouts);
    return c.json(
      { payouts: rows.map((row) => toPayout(config, row)), nextCursor: null, network },
      200,
    );
  });
