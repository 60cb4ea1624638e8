import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent, sessionSecurity } from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { monthSchema } from './month.js';

const ProblemSchema = z
  .object({
    code: z.enum([
      'signature_missing',
      'not_on_chain',
      'failed_on_chain',
      'amount_differs',
      'ledger_differs',
      'destination_differs',
    ]),
    message: z.string(),
    expected: z.string().nullable().openapi({ description: 'what the records say' }),
    actual: z.string().nullable().openapi({ description: 'what the chain (or ledger) shows' }),
  })
  .openapi('PayoutProblem');

const CheckSchema = z.object({
  status: z.enum(['matched', 'mismatch', 'unverifiable', 'unchecked', 'not_applicable']).openapi({
    description:
      '`unverifiable`: confirmed before the in-memory local ledger started; `unchecked`: payouts are off on this server; `not_applicable`: not a confirmed payout',
  }),
  checkedAt: z.string().nullable(),
  problems: z.array(ProblemSchema),
});

const StatementSchema = z
  .object({
    month: z.string(),
    timezone: z.string(),
    from: z.string().openapi({ description: 'the month starts here (inclusive)' }),
    to: z.string().openapi({ description: 'and ends here (exclusive)' }),
    complete: z.boolean().openapi({ description: 'false for the month in progress' }),
    generatedAt: z.string(),
    openingBalanceLamports: z.string(),
    creditsLamports: z.string().openapi({ description: 'job credits and adjustments' }),
    payoutsLamports: z.string().openapi({ description: 'signed: net of credit-backs, ≤ 0' }),
    closingBalanceLamports: z.string().openapi({ description: 'opening + credits + payouts' }),
    devices: z.array(
      z.object({
        deviceId: z.string(),
        name: z.string(),
        jobLamports: z.string(),
        adjustmentLamports: z.string(),
        creditsLamports: z.string(),
        energyKwh: z.number(),
        energyCost: z.string().openapi({ description: 'energyKwh × electricityPrice' }),
      }),
    ),
    unassignedCreditsLamports: z
      .string()
      .openapi({ description: 'adjustments not tied to a device' }),
    payouts: z.array(
      z.object({
        payoutId: z.string().nullable(),
        at: z.string(),
        amountLamports: z.string().nullable(),
        ledgerLamports: z
          .string()
          .openapi({ description: "this month's ledger entries of the payout, signed" }),
        address: z.string().nullable(),
        status: z.enum(['held', 'pending', 'sent', 'confirmed', 'failed']).nullable(),
        signature: z.string().nullable(),
        explorerUrl: z.string().nullable(),
        failureReason: z.string().nullable(),
        reconciliation: CheckSchema,
      }),
    ),
    energy: z.object({
      kwh: z.number(),
      cost: z.string(),
      currency: z.string(),
      electricityPrice: z.string().openapi({ description: '`currency` per kWh (account setting)' }),
    }),
    reconciliation: z.object({
      status: z.enum(['matched', 'mismatch', 'incomplete']),
      matched: z.number(),
      mismatches: z.number(),
      unchecked: z.number(),
      unverifiable: z.number(),
      network: z.enum(['local-ledger', 'solana']).nullable(),
    }),
  })
  .openapi('Statement');

const userRoute = { tags: ['statements'], security: sessionSecurity, middleware: [requireUser] };

export const listStatementsRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/statements',
  summary: 'The months with activity, newest first',
  responses: {
    200: jsonContent(
      z.object({
        timezone: z.string(),
        months: z.array(z.object({ month: z.string(), complete: z.boolean() })),
      }),
      "Months (YYYY-MM) in the account's time zone.",
    ),
    401: errorResponses[401],
  },
});

export const statementRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/statements/{month}',
  summary: "A month's statement, reconciled with the chain (JSON, or CSV)",
  description:
    "`month` is YYYY-MM in the account's time zone, up to the current month. Confirmed payouts not yet reconciled are checked against the chain first; a mismatch is flagged and raised as `payout.mismatch` once. `?format=csv` or `Accept: text/csv` answers CSV.",
  request: {
    params: z.object({ month: monthSchema }),
    query: z.object({
      format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
    }),
  },
  responses: {
    200: {
      description: 'The statement.',
      content: {
        'application/json': { schema: StatementSchema },
        'text/csv': { schema: z.string() },
      },
    },
    400: errorResponses[400],
    401: errorResponses[401],
  },
});
