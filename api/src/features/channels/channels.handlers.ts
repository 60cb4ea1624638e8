import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { countTestDeliveries, enqueueDelivery } from '../deliveries/deliveries.queries.js';
import { toChannel } from './channel.presenter.js';
import { deleteChannel, findChannel, listChannels, updateChannel } from './channels.queries.js';
import {
  createChannelRoute,
  deleteChannelRoute,
  listChannelsRoute,
  testChannelRoute,
  updateChannelRoute,
  verifyChannelRoute,
} from './channels.routes.js';
import { createChannel, verifyChannelCode } from './channels.service.js';

const CHANNEL = 'Notification channel';
const TESTS_PER_MINUTE = 5;

export const channelRoutes = createRouter()
  .openapi(listChannelsRoute, async (c) => {
    const rows = await listChannels(c.var.deps.db, c.var.user.accountId);
    return c.json({ channels: rows.map(toChannel) }, 200);
  })
  .openapi(createChannelRoute, async (c) => {
    const { deps } = c.var;
    const created = await deps.db
      .transaction()
      .execute((trx) => createChannel(deps, trx, c.var.user.accountId, c.req.valid('json')));
    const { row, ...once } = created;
    return c.json({ ...toChannel(row), ...once }, 201);
  })
  .openapi(updateChannelRoute, async (c) => {
    const { id } = c.req.valid('param');
    const row = await updateChannel(c.var.deps.db, c.var.user.accountId, id, c.req.valid('json'));
    if (!row) throw ApiError.notFound(CHANNEL);
    return c.json(toChannel(row), 200);
  })
  .openapi(deleteChannelRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await deleteChannel(c.var.deps.db, c.var.user.accountId, id))) {
      throw ApiError.notFound(CHANNEL);
    }
    return c.body(null, 204);
  })
  .openapi(verifyChannelRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { code } = c.req.valid('json');
    const result = await c.var.deps.db.transaction().execute(async (trx) => {
      const channel = await findChannel(trx, c.var.user.accountId, id, { lock: true });
      if (!channel) throw ApiError.notFound(CHANNEL);
      return verifyChannelCode(trx, channel, code);
    });
    if (result === 'wrong_code') {
      throw ApiError.badRequest('invalid_code', 'code: that is not the code we sent.');
    }
    return c.json(toChannel(result), 200);
  })
  .openapi(testChannelRoute, async (c) => {
    const { id } = c.req.valid('param');
    // The channel's row lock makes the count and the insert one step for parallel requests.
    const deliveryId = await c.var.deps.db.transaction().execute(async (trx) => {
      const channel = await findChannel(trx, c.var.user.accountId, id, { lock: true });
      if (!channel) throw ApiError.notFound(CHANNEL);
      if (!channel.verified) {
        throw ApiError.conflict('channel_unverified', 'Verify the channel before sending to it.');
      }
      const since = new Date(Date.now() - 60_000);
      if ((await countTestDeliveries(trx, id, since)) >= TESTS_PER_MINUTE) {
        throw ApiError.tooManyRequests(60, `At most ${TESTS_PER_MINUTE} test messages a minute.`);
      }
      return enqueueDelivery(trx, {
        accountId: channel.account_id,
        channelId: channel.id,
        message: {
          event: 'channel.test',
          status: 'firing',
          severity: 'info',
          occurredAt: new Date().toISOString(),
          title: 'Test message from IO Worker',
          message: `Alerts for your GPU nodes will arrive here, through the channel “${channel.name}”.`,
        },
      });
    });
    return c.json({ deliveryId }, 202);
  });
