import { createRouter } from '../../router.js';
import { handleTelegramUpdate } from './telegram-linker.js';
import { telegramWebhookRoute } from './telegram-webhook.routes.js';

export const telegramWebhookRoutes = createRouter().openapi(telegramWebhookRoute, async (c) => {
  const { update_id: updateId, message } = c.req.valid('json');
  if (message?.text !== undefined) {
    const chatId = String(message.chat.id);
    await handleTelegramUpdate(c.var.deps, { updateId, chatId, text: message.text });
  }
  return c.json({ ok: true as const }, 200);
});
