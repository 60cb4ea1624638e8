import { createHmac } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from '../../app-env.js';
import type { Config } from '../../config.js';
import { ApiError } from '../../lib/api-error.js';
import { secretsEqual } from '../../lib/secrets.js';
import type { TelegramBot } from './senders/index.js';

export const TELEGRAM_WEBHOOK_PATH = '/v1/telegram/webhook';
export const TELEGRAM_SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

export type TelegramWebhook = { url: string; secret: string };

/**
 * The secret Telegram sends with each webhook call. Derived from the bot token, so it needs no
 * setting of its own and changes with the token; hex fits Telegram's 1–256 of [A-Za-z0-9_-].
 */
function webhookSecret(botToken: string): string {
  return createHmac('sha256', botToken).update('ioworker telegram webhook').digest('hex');
}

/**
 * Webhook mode: a bot is configured and PUBLIC_URL is https (Telegram posts only to https).
 * Undefined means the linker long-polls instead.
 *
 * @example telegramWebhookFor(config)?.url // 'https://api.example.com/v1/telegram/webhook'
 */
export function telegramWebhookFor(
  config: Pick<Config, 'publicUrl' | 'notifications'>,
): TelegramWebhook | undefined {
  const token = config.notifications.telegramBotToken;
  if (!token || !config.publicUrl.startsWith('https://')) return undefined;
  return { url: `${config.publicUrl}${TELEGRAM_WEBHOOK_PATH}`, secret: webhookSecret(token) };
}

/** Only Telegram, proven by the secret it was given, reaches the webhook; 404 while it is off. */
export const requireTelegramSecret = createMiddleware<AppEnv>(
  async function requireTelegramSecret(c, next) {
    const webhook = telegramWebhookFor(c.var.deps.config);
    if (!webhook) throw ApiError.notFound('Telegram webhook');
    const given = c.req.header(TELEGRAM_SECRET_HEADER);
    if (!given || !secretsEqual(given, webhook.secret)) {
      throw ApiError.unauthorized(`${TELEGRAM_SECRET_HEADER} is missing or wrong.`);
    }
    await next();
  },
);

type RegistrationDeps = Pick<AppDeps, 'logger'> &
  TelegramWebhook & { bot: Pick<TelegramBot, 'setWebhook'>; pauseMs: number };

/**
 * Registers the webhook with Telegram, trying again after `pauseMs` until it is accepted, so a
 * Telegram outage at start-up does not leave the bot deaf. Returns what stops the tries.
 */
export function startTelegramWebhook(deps: RegistrationDeps): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        await deps.bot.setWebhook(deps.url, deps.secret);
        deps.logger.info({ url: deps.url }, 'Telegram webhook registered');
        return;
      } catch (error) {
        deps.logger.warn(
          { err: (error as Error).message },
          'registering the Telegram webhook failed',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, deps.pauseMs).unref());
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
