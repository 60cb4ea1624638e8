import type { AppDeps } from '../../app-env.js';
import type { Config } from '../../config.js';
import { createSenders, createTelegramBot, type TelegramBot } from '../channels/senders/index.js';
import { startTelegramLinker } from '../channels/telegram-linker.js';
import { startTelegramWebhook, telegramWebhookFor } from '../channels/telegram-webhook.js';
import { countingSender } from '../platform-metrics/process-metrics.js';
import { startDeliveryWorker } from './delivery-worker.js';

const TELEGRAM_TIMEOUT_MS = 10_000;
const TELEGRAM_LONG_POLL_S = 25;

/** The bot alerts come from, with its user name asked once; undefined without a token. */
export function telegramBotFor(
  config: Config,
): (TelegramBot & { username(): Promise<string> }) | undefined {
  const { telegramBotToken, telegramApiUrl } = config.notifications;
  if (!telegramBotToken) return undefined;
  const bot = createTelegramBot({
    apiUrl: telegramApiUrl,
    botToken: telegramBotToken,
    timeoutMs: TELEGRAM_TIMEOUT_MS,
  });
  let username: Promise<string> | undefined;
  return {
    ...bot,
    username() {
      username ??= bot.getMe().then(
        (me) => me.username,
        (error: unknown) => {
          username = undefined;
          throw error;
        },
      );
      return username;
    },
  };
}

/** Telegram posts updates to the webhook when PUBLIC_URL is https; otherwise they are polled. */
function startChatLinking(
  deps: Pick<AppDeps, 'db' | 'logger' | 'config' | 'secrets'>,
  bot: TelegramBot,
): () => Promise<void> {
  const { notifications } = deps.config;
  const webhook = telegramWebhookFor(deps.config);
  if (webhook) {
    return startTelegramWebhook({ ...deps, ...webhook, bot, pauseMs: notifications.pollMs });
  }
  return startTelegramLinker({
    ...deps,
    bot,
    botId: notifications.telegramBotToken?.split(':')[0] ?? 'bot',
    longPollSeconds: TELEGRAM_LONG_POLL_S,
    pauseMs: notifications.pollMs,
  });
}

/**
 * Starts what sends notifications out: the outbox worker and, with a Telegram bot, what links
 * chats (the webhook's registration when PUBLIC_URL is https, else the poller). Returns what
 * stops them.
 */
export function startNotificationDelivery(
  deps: Pick<AppDeps, 'db' | 'logger' | 'config' | 'secrets' | 'events'>,
  bot: TelegramBot | undefined,
): () => Promise<void> {
  const { notifications } = deps.config;
  const sender = createSenders({
    allowPrivateTargets: notifications.allowPrivateTargets,
    smtpUrl: notifications.smtpUrl,
    mailFrom: notifications.mailFrom,
    ...(notifications.telegramBotToken
      ? {
          telegram: {
            apiUrl: notifications.telegramApiUrl,
            botToken: notifications.telegramBotToken,
          },
        }
      : {}),
  });
  const stopWorker = startDeliveryWorker({ ...deps, sender: countingSender(sender) });
  const stopLinker = bot ? startChatLinking(deps, bot) : undefined;
  return async () => {
    await stopLinker?.();
    await stopWorker();
    await sender.close();
  };
}
