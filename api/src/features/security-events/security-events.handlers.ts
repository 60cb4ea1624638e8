import { decodeCursor } from '../../lib/paging.js';
import { createRouter } from '../../router.js';
import { SECURITY_LOG_ACTIONS } from '../audit/audit.js';
import { securityEventsPage } from './security-events.queries.js';
import { listSecurityEventsRoute } from './security-events.routes.js';

export const securityEventRoutes = createRouter().openapi(listSecurityEventsRoute, async (c) => {
  const { limit, cursor } = c.req.valid('query');
  const page = await securityEventsPage(
    c.var.deps.db,
    { accountId: c.var.user.accountId, actions: SECURITY_LOG_ACTIONS },
    { limit, after: decodeCursor(cursor, 'bigint') },
  );
  return c.json(
    {
      events: page.items.map((row) => ({
        id: row.id,
        action: row.action,
        at: row.at.toISOString(),
        ip: row.ip,
        userAgent: row.user_agent,
        details: row.details,
      })),
      nextCursor: page.nextCursor,
    },
    200,
  );
});
