import { createRouter } from '../../router.js';
import { statementCsv } from './statement-csv.js';
import { listStatementsRoute, statementRoute } from './statements.routes.js';
import { listMonths, loadStatement } from './statements.service.js';

/** `Accept: text/csv` asks for CSV unless JSON is named as well as or before it. */
function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]?.trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv !== -1 && (json === -1 || csv < json);
}

export const statementRoutes = createRouter()
  .openapi(listStatementsRoute, async (c) => {
    return c.json(await listMonths(c.var.deps, c.var.user.accountId), 200);
  })
  .openapi(statementRoute, async (c) => {
    const { month } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const statement = await loadStatement(c.var.deps, c.var.user.accountId, month);
    const csv = format === 'csv' || (format === undefined && prefersCsv(c.req.header('accept')));
    if (!csv) return c.json(statement, 200);
    return c.text(statementCsv(statement), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="io-worker-statement-${month}.csv"`,
    });
  });
