import { createRoute, z } from '@hono/zod-openapi';
import { decimalSchema } from '../../lib/decimal.js';
import {
  errorResponses,
  IdParams,
  jsonRequestBody,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { PageQuery } from '../../lib/paging.js';
import { requireUser } from '../auth/auth.middleware.js';
import { sessionOnly } from '../auth/session-only.js';
import { newPasswordSchema, passwordSchema } from '../auth/auth.schemas.js';

const SettingsSchema = z
  .object({
    electricityPrice: z
      .string()
      .openapi({ description: 'per kWh, in `currency`', example: '0.15' }),
    currency: z.string().openapi({ example: 'USD' }),
    solPrice: z
      .string()
      .nullable()
      .openapi({ description: 'one SOL in `currency`', example: '150.00' }),
    timezone: z.string().openapi({ example: 'Europe/Berlin' }),
  })
  .openapi('Settings');

const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    emailVerified: z
      .boolean()
      .openapi({ description: 'Confirmed from the mailed link; setting a wallet needs it.' }),
    createdAt: z.string(),
    settings: SettingsSchema,
  })
  .openapi('Me');

function canonicalTimezone(value: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const SettingsPatch = z
  .strictObject({
    electricityPrice: decimalSchema.optional(),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, { error: 'must be a three-letter ISO 4217 code like "USD"' })
      .optional(),
    solPrice: decimalSchema.nullable().optional(),
    timezone: z
      .string()
      .max(64, { error: 'must be at most 64 characters' })
      .transform((value, ctx) => {
        const zone = canonicalTimezone(value.trim());
        if (!zone) {
          ctx.addIssue({
            code: 'custom',
            message: 'must be an IANA time zone like "Europe/Berlin"',
          });
          return z.NEVER;
        }
        return zone;
      })
      .optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { error: 'must set at least one setting' });

const SessionSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string(),
    expiresAt: z.string(),
    ip: z.string(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi('Session');

const userRoute = { tags: ['me'], security: sessionSecurity, middleware: [requireUser] };

export const getMeRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/me',
  summary: 'The signed-in account and its settings',
  responses: { 200: jsonContent(MeSchema, 'The account.'), 401: errorResponses[401] },
});

export const patchSettingsRoute = createRoute({
  ...userRoute,
  method: 'patch',
  path: '/v1/me/settings',
  summary: 'Change settings (electricity price, currency, SOL price, time zone)',
  request: { body: jsonRequestBody(SettingsPatch) },
  responses: {
    200: jsonContent(MeSchema, 'The account with its new settings.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
  },
});

export const changePasswordRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'post',
  path: '/v1/me/password',
  summary: 'Change the password; every other session ends',
  request: {
    body: jsonRequestBody(
      z.object({
        currentPassword: passwordSchema,
        newPassword: newPasswordSchema,
      }),
    ),
  },
  responses: {
    204: { description: 'Changed.' },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
  },
});

export const listSessionsRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/me/sessions',
  summary: 'Signed-in sessions of this account, newest first',
  request: { query: PageQuery },
  responses: {
    200: jsonContent(
      z.object({ sessions: z.array(SessionSchema), nextCursor: z.string().nullable() }),
      'A page of sessions.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

export const revokeSessionRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'delete',
  path: '/v1/me/sessions/{id}',
  summary: 'Sign one session out',
  request: { params: IdParams },
  responses: {
    204: { description: 'Revoked.' },
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});
