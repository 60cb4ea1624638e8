import { createRoute, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { sql } from 'kysely';
import { lamportsText } from '../../lib/lamports.js';
import { errorResponses, jsonContent, sessionSecurity } from '../../lib/openapi-schemas.js';
import { decodeCursor, PageQuery, toPage, type Keyset } from '../../lib/paging.js';
import { createRouter } from '../../lib/router.js';
import { requireUser } from '../auth/auth.middleware.js';
import {
  earningsSummary,
  ledgerPage,
  type LedgerEntry,
  type LedgerFilter,
} from './ledger.queries.js';

const CSV_CHUNK_ROWS = 1000;

const instant = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 time like 2026-01-31T12:00:00Z' })
  .transform((value) => new Date(value))
  .optional();

const Filters = z.object({
  deviceId: z.uuid({ error: 'must be a device id' }).optional(),
  from: instant,
  to: instant,
});

const SummarySchema = z
  .object({
    balanceLamports: z.string(),
    todayLamports: z.string(),
    last7dLamports: z.string(),
    last30dLamports: z.string(),
    lifetimeLamports: z.string(),
    pendingPayoutLamports: z.string(),
  })
  .openapi('EarningsSummary');

const EntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    kind: z.enum(['job', 'payout', 'adjustment']),
    amountLamports: z.string().openapi({ description: 'signed: payouts are negative' }),
    deviceId: z.string().nullable(),
    jobId: z.string().nullable(),
    payoutId: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('LedgerEntry');

const userRoute = { tags: ['earnings'], security: sessionSecurity, middleware: [requireUser] };

const summaryRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/earnings/summary',
  summary: 'Balance and earnings (lamports, decimal strings)',
  responses: { 200: jsonContent(SummarySchema, 'The summary.'), 401: errorResponses[401] },
});

const historyRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/earnings/history',
  summary: 'Ledger entries, newest first, keyset-paged',
  request: { query: PageQuery.extend(Filters.shape) },
  responses: {
    200: jsonContent(
      z.object({ entries: z.array(EntrySchema), nextCursor: z.string().nullable() }),
      'A page.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const csvRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/earnings/history.csv',
  summary: 'The same entries as CSV (header row, ISO times), streamed',
  request: { query: Filters },
  responses: {
    200: { description: 'CSV.', content: { 'text/csv': { schema: z.string() } } },
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

function filterOf(accountId: string, query: z.infer<typeof Filters>): LedgerFilter {
  return { accountId, deviceId: query.deviceId, from: query.from, to: query.to };
}

function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const CSV_HEADER = 'id,at,kind,amount_lamports,amount_sol,device_id,job_id,payout_id,note\n';

/** SOL with nine decimals, from integer lamports: exact, never a float. */
function solText(lamports: string): string {
  const negative = lamports.startsWith('-');
  const digits = (negative ? lamports.slice(1) : lamports).padStart(10, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -9)}.${digits.slice(-9)}`;
}

function csvLine(entry: LedgerEntry): string {
  const fields = [
    entry.id,
    entry.at,
    entry.kind,
    entry.amountLamports,
    solText(entry.amountLamports),
    entry.deviceId,
    entry.jobId,
    entry.payoutId,
    entry.note,
  ];
  return `${fields.map(csvField).join(',')}\n`;
}

export const earningsRoutes = createRouter()
  .openapi(summaryRoute, async (c) => {
    const { db } = c.var.deps;
    const summary = await earningsSummary(db, c.var.user.accountId);
    const pending = await db
      .selectFrom('payouts')
      .select(sql<string | null>`sum(amount_lamports)::text`.as('total'))
      .where('account_id', '=', c.var.user.accountId)
      .where('status', 'in', ['pending', 'sent'])
      .executeTakeFirst();
    return c.json({ ...summary, pendingPayoutLamports: lamportsText(pending?.total ?? null) }, 200);
  })
  .openapi(historyRoute, async (c) => {
    const query = c.req.valid('query');
    const rows = await ledgerPage(c.var.deps.db, filterOf(c.var.user.accountId, query), {
      limit: query.limit + 1,
      after: decodeCursor(query.cursor),
    });
    const page = toPage(rows, query.limit);
    const entries = page.items.map(({ keyset: _keyset, ...entry }) => entry);
    return c.json({ entries, nextCursor: page.nextCursor }, 200);
  })
  .openapi(csvRoute, (c) => {
    const filter = filterOf(c.var.user.accountId, c.req.valid('query'));
    const { db } = c.var.deps;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="io-worker-earnings.csv"');
    // One chunk of rows in memory at a time, however long the history.
    return stream(c, async (out) => {
      await out.write(CSV_HEADER);
      let after: Keyset | undefined;
      for (;;) {
        const rows = await ledgerPage(db, filter, { limit: CSV_CHUNK_ROWS, after });
        if (rows.length > 0) await out.write(rows.map(csvLine).join(''));
        const last = rows.at(-1);
        if (rows.length < CSV_CHUNK_ROWS || !last || out.aborted) return;
        after = last.keyset;
      }
    });
  });
