import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent } from '../../lib/openapi-schemas.js';
import { PayoutSchema } from './payouts.routes.js';

const HeldPayoutParams = z.object({ id: z.uuid({ error: 'must be a payout id' }) });
const OnePayout = z.object({ payout: PayoutSchema });

export const approvePayoutRoute = createRoute({
  tags: ['payouts'],
  security: [{ adminToken: [] }],
  method: 'post',
  path: '/v1/admin/payouts/{id}/approve',
  summary: 'Approve a held payout: it is sent at once, whatever cap held it',
  description:
    "Only a held payout whose address is still the account's (out of its hold) is approved; one whose address changed while it was held is failed and credited back (409 `payout_address_changed`). The approval stands whatever the run that sends it meets: behind another run in progress, or after an RPC error, the payout is `pending` and the next run sends it.",
  request: { params: HeldPayoutParams },
  responses: {
    200: jsonContent(OnePayout, 'The payout, as the run left it.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    409: errorResponses[409],
    503: { description: 'Payouts are not configured (TREASURY_KEYPAIR): nothing was released.' },
  },
});

export const declinePayoutRoute = createRoute({
  tags: ['payouts'],
  security: [{ adminToken: [] }],
  method: 'post',
  path: '/v1/admin/payouts/{id}/decline',
  summary: 'Decline a held payout: it fails, and its amount goes back to the balance',
  description:
    'The owner is told (`payout.failed`). A later run pays the balance again by the same rules, so a payout above a cap is held again: correct the balance, or the cap, first.',
  request: { params: HeldPayoutParams },
  responses: {
    200: jsonContent(OnePayout, 'The payout, failed.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    409: errorResponses[409],
  },
});
