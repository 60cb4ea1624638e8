import type { z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { decodeCursor, toPage, type Keyset } from '../../lib/paging.js';
import { createRouter } from '../../router.js';
import {
  earningsSummary,
  ledgerPage,
  pendingPayoutTotal,
  type LedgerFilter,
} from './earnings.queries.js';
import { ApiError } from '../../lib/api-error.js';
import { findDevice } from '../devices/devices.queries.js';
import { dailyEarnings, type DailyRow } from './earnings-daily.queries.js';
import { efficiencyOf } from './earnings-efficiency.js';
import { deviceUse, efficiencyWindowStart } from './earnings-efficiency.queries.js';
import {
  checkRollupsRoute,
  csvRoute,
  dailyRoute,
  efficiencyRoute,
  historyRoute,
  summaryRoute,
  type Filters,
} from './earnings.routes.js';
import { checkLedgerRollups } from './ledger-rollups.js';
import { CSV_HEADER, csvLine } from './ledger-csv.js';

const CSV_CHUNK_ROWS = 1000;

function filterOf(accountId: string, query: z.infer<typeof Filters>): LedgerFilter {
  return { accountId, deviceId: query.deviceId, from: query.from, to: query.to };
}

type Day = { date: string; lamports: bigint; byDevice: { deviceId: string; lamports: string }[] };

/** The rows as days: every day present, devices most-earning first, one device's own total. */
function toDays(rows: DailyRow[], oneDevice: boolean) {
  const days = new Map<string, Day>();
  for (const row of rows) {
    if (row.scope === 'day') days.set(row.date, { date: row.date, lamports: 0n, byDevice: [] });
  }
  for (const row of rows) {
    const day = days.get(row.date);
    if (!day || row.scope === 'day') continue;
    if (row.scope === 'device')
      day.byDevice.push({ deviceId: row.device_id, lamports: row.lamports });
    if (row.scope === 'account' || oneDevice) day.lamports += BigInt(row.lamports);
  }
  const byAmount = (a: { lamports: string }, b: { lamports: string }) =>
    Number(BigInt(b.lamports) - BigInt(a.lamports));
  return [...days.values()]
    .sort((a, b) => (a.date < b.date ? -1 : 1))
    .map((day) => ({
      date: day.date,
      lamports: day.lamports.toString(),
      byDevice: day.byDevice.sort(byAmount),
    }));
}

export const earningsRoutes = createRouter()
  .openapi(dailyRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { days, deviceId } = c.req.valid('query');
    if (deviceId && !(await findDevice(db, accountId, deviceId))) {
      throw ApiError.notFound('Device');
    }
    const rows = await dailyEarnings(db, { accountId, days, deviceId });
    return c.json({ days: toDays(rows, deviceId !== undefined) }, 200);
  })
  .openapi(efficiencyRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { days } = c.req.valid('query');
    const from = await efficiencyWindowStart(db, accountId, days);
    if (!from) throw ApiError.notFound('Account');
    const [earnings, use] = await Promise.all([
      dailyEarnings(db, { accountId, days }),
      deviceUse(db, accountId, from),
    ]);
    return c.json({ from: from.toISOString(), ...efficiencyOf(earnings, use) }, 200);
  })
  .openapi(summaryRoute, async (c) => {
    const { db } = c.var.deps;
    const [summary, pendingPayoutLamports] = await Promise.all([
      earningsSummary(db, c.var.user.accountId),
      pendingPayoutTotal(db, c.var.user.accountId),
    ]);
    return c.json({ ...summary, pendingPayoutLamports }, 200);
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
  })
  .openapi(checkRollupsRoute, async (c) => {
    const { accountId, repair } = c.req.valid('query');
    const result = await checkLedgerRollups(c.var.deps.db, {
      accountId,
      repair: repair === 'true',
    });
    return c.json(result, 200);
  });
