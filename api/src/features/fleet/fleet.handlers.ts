import { createRouter } from '../../router.js';
import { fleetBuckets, fleetWindow } from './fleet-history.js';
import { fleetHours } from './fleet.queries.js';
import { fleetHistoryRoute } from './fleet.routes.js';

export const fleetRoutes = createRouter().openapi(fleetHistoryRoute, async (c) => {
  const { range } = c.req.valid('query');
  const now = Date.now();
  const window = fleetWindow(range, now);
  const rows = await fleetHours(c.var.deps.db, c.var.user.accountId, window);
  return c.json({ hours: fleetBuckets(rows, window, now) }, 200);
});
