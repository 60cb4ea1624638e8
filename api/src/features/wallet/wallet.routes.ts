import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { sessionOnly } from '../auth/session-only.js';
import { passwordSchema } from '../auth/auth.schemas.js';
import { SecondFactorFields } from '../two-factor/two-factor.routes.js';

const WalletSchema = z
  .object({
    address: z.string().nullable(),
    holdUntil: z
      .string()
      .nullable()
      .openapi({ description: 'payouts to this address wait until then' }),
  })
  .openapi('Wallet');

const userRoute = { tags: ['wallet'], security: sessionSecurity, middleware: [requireUser] };

export const getWalletRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/wallet',
  summary: 'The payout address and its hold',
  responses: { 200: jsonContent(WalletSchema, 'The wallet.'), 401: errorResponses[401] },
});

export const putWalletRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'put',
  path: '/v1/wallet',
  summary: 'Set or change the payout address (the password again, and with 2FA on a code)',
  description:
    'The address must be a valid on-curve Solana public key. Payouts to a newly set or changed address wait WALLET_HOLD_HOURS; a notification and an audit entry are written.',
  request: {
    body: jsonRequestBody(
      z.object({
        address: z.string().max(200, { error: 'is too long to be a Solana address' }),
        password: passwordSchema,
        ...SecondFactorFields,
      }),
    ),
  },
  responses: {
    200: jsonContent(WalletSchema, 'The wallet.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    429: errorResponses[429],
  },
});
