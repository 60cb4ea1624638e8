import type { AppDeps } from '../../app-env.js';
import { enqueueDelivery } from '../deliveries/deliveries.queries.js';
import { maskTarget } from './channel-target.js';
import { findChannelByLinkCode, markVerified } from './channels.queries.js';
import { hashCode } from './channels.service.js';
import type { TelegramBot, TelegramUpdate } from './senders/index.js';
import { readTelegramOffset, saveTelegramOffset } from './telegram-linker.queries.js';

/** What the poller needs of the bot: its updates by long polling, with no webhook in the way. */
export type TelegramUpdates = Pick<TelegramBot, 'getUpdates' | 'deleteWebhook'>;

type LinkDeps = Pick<AppDeps, 'db' | 'secrets'>;

type LinkerDeps = Pick<AppDeps, 'db' | 'logger' | 'secrets'> & {
  bot: TelegramUpdates;
  /** Identifies the bot's offset row (its numeric id, never the token). */
  botId: string;
  longPollSeconds: number;
  pauseMs: number;
};

const START = /^\/start(?:@\w+)?\s+([a-z0-9]{20,40})\s*$/;

/** Links the chat that sent `/start <code>` to the channel waiting for that code. */
async function linkChat(deps: LinkDeps, chatId: string, code: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const channel = await findChannelByLinkCode(trx, hashCode('telegram', code));
    if (!channel) return false;
    await markVerified(trx, channel.id, deps.secrets.seal(chatId), maskTarget('telegram', chatId));
    await enqueueDelivery(trx, {
      accountId: channel.account_id,
      channelId: channel.id,
      message: {
        event: 'channel.linked',
        status: 'firing',
        severity: 'info',
        occurredAt: new Date().toISOString(),
        title: 'IO Worker is linked',
        message: `Alerts for your GPU nodes will arrive in this chat (channel “${channel.name}”).`,
      },
    });
    return true;
  });
}

/**
 * Handles one update, polled or posted to the webhook: `/start <code>` links its chat.
 * Safe to repeat: the code is spent by the link, under the channel's row lock.
 *
 * @example await handleTelegramUpdate(deps, { updateId: 7, chatId: '42', text: '/start abc…' })
 */
export async function handleTelegramUpdate(
  deps: LinkDeps,
  update: TelegramUpdate,
): Promise<boolean> {
  const code = START.exec(update.text.trim())?.[1];
  return code ? linkChat(deps, update.chatId, code) : false;
}

/** Reads one batch of updates and links what asks to be linked; the offset moves past them. */
export async function pollTelegramOnce(deps: LinkerDeps): Promise<number> {
  const offset = await readTelegramOffset(deps.db, deps.botId);
  const updates = await deps.bot.getUpdates(offset, deps.longPollSeconds);
  let linked = 0;
  for (const update of updates) {
    if (await handleTelegramUpdate(deps, update)) linked += 1;
  }
  const last = updates.at(-1);
  if (last) await saveTelegramOffset(deps.db, deps.botId, last.updateId + 1);
  return linked;
}

/**
 * Long-polls the bot until stopped, after removing a webhook an earlier https set-up left;
 * a failure waits `pauseMs` before the next try.
 */
export function startTelegramLinker(deps: LinkerDeps): () => Promise<void> {
  let stopped = false;
  let webhookDeleted = false;
  const pollOnce = async () => {
    if (!webhookDeleted) {
      await deps.bot.deleteWebhook();
      webhookDeleted = true;
    }
    await pollTelegramOnce(deps);
  };
  const loop = (async () => {
    while (!stopped) {
      await pollOnce().catch((error: Error) => {
        deps.logger.warn({ err: error.message }, 'reading Telegram updates failed');
      });
      await new Promise((resolve) => setTimeout(resolve, deps.pauseMs).unref());
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}
