import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent, sessionSecurity } from '../../lib/openapi-schemas.js';
import { PageQuery } from '../../lib/paging.js';
import { requireUser } from '../auth/auth.middleware.js';

export const PayoutSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    amountLamports: z.string(),
    address: z.string(),
    status: z.enum(['held', 'pending', 'sent', 'confirmed', 'failed']).openapi({
      description:
        '`held`: above PAYOUT_MAX_LAMPORTS, or past what PAYOUT_DAILY_MAX_LAMPORTS leaves of the last 24 hours; its balance is set aside and nothing is sent until it is released',
    }),
    holdReason: z.enum(['over_payout_cap', 'over_daily_cap']).nullable().openapi({
      description:
        '`over_payout_cap` waits for an admin to approve it; `over_daily_cap` goes out by itself once the last 24 hours leave room, or when approved',
    }),
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

export const listPayoutsRoute = createRoute({
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

export const runPayoutsRoute = createRoute({
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

const MismatchSchema = z.object({
  payoutId: z.string(),
  accountId: z.string(),
  problems: z.array(
    z.object({
      code: z.string(),
      message: z.string(),
      expected: z.string().nullable(),
      actual: z.string().nullable(),
    }),
  ),
});

export const reconcilePayoutsRoute = createRoute({
  tags: ['payouts'],
  security: [{ adminToken: [] }],
  method: 'post',
  path: '/v1/admin/payouts/reconcile',
  summary:
    'Check every confirmed payout against the chain (signature, amount, destination on file at the time)',
  description:
    'Rechecks payouts checked before too. Each mismatch is stored (statements flag it) and raised as `payout.mismatch`, once per payout.',
  request: {
    query: z.object({ accountId: z.uuid({ error: 'must be an account id' }).optional() }),
  },
  responses: {
    200: jsonContent(
      z.object({
        checked: z.number(),
        mismatches: z.array(MismatchSchema),
        unverifiable: z.array(z.string()).openapi({
          description: 'confirmed before the in-memory local ledger started: nothing to check',
        }),
      }),
      'What the check found.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
    503: { description: 'Payouts are not configured (TREASURY_KEYPAIR).' },
  },
});
