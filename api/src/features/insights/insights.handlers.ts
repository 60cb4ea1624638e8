import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { findDevice } from '../devices/devices.queries.js';
import { deviceInsightsRoute, insightsRoute } from './insights.routes.js';
import { accountInsights } from './insights.service.js';

export const insightRoutes = createRouter()
  .openapi(insightsRoute, async (c) => {
    const { insights } = await accountInsights(c.var.deps.db, c.var.user.accountId);
    return c.json({ insights }, 200);
  })
  .openapi(deviceInsightsRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    if (!(await findDevice(db, accountId, id))) throw ApiError.notFound('Device');
    const { insights, cohorts } = await accountInsights(db, accountId);
    return c.json(
      {
        insights: insights.filter((insight) => insight.deviceId === id),
        cohort: cohorts.get(id) ?? null,
      },
      200,
    );
  });
