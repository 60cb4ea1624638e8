import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent, jsonRequestBody } from '../../lib/openapi-schemas.js';
import { jsonBody } from '../../middleware/json-body.js';
import { requireTelegramSecret, TELEGRAM_WEBHOOK_PATH } from './telegram-webhook.js';

// Telegram's message updates are a few KiB; the usual 1 MiB would be room for abuse.
const MAX_UPDATE_BYTES = 64 * 1024;

/** The part of Telegram's `Update` the linker reads; other fields are allowed and ignored. */
export const TelegramUpdateSchema = z
  .object({
    update_id: z.number().int().nonnegative(),
    message: z
      .object({
        chat: z.object({ id: z.number().int() }),
        text: z.string().optional(),
      })
      .optional(),
  })
  .openapi('TelegramUpdate');

export const telegramWebhookRoute = createRoute({
  method: 'post',
  path: TELEGRAM_WEBHOOK_PATH,
  tags: ['notification channels'],
  summary: "Telegram's webhook: links the chat that sends `/start <code>`",
  description:
    'Called by Telegram, and only while PUBLIC_URL is https and TELEGRAM_BOT_TOKEN is set (else 404); the API registers it at start-up. Repeating an update is harmless: a link code links once.',
  security: [{ telegramSecret: [] }],
  middleware: [requireTelegramSecret, jsonBody(MAX_UPDATE_BYTES)],
  request: { body: jsonRequestBody(TelegramUpdateSchema) },
  responses: {
    200: jsonContent(z.object({ ok: z.literal(true) }), 'Handled, or nothing to do.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    413: errorResponses[413],
  },
});
