import { retryAfterMs } from '@ioworker/contract';
import type { AlertMessage, Sender, SendOutcome } from '../channel-message.js';
import { contextParts, describeSeconds, escapeHtml, truncate, truncateEscaped } from './format.js';
import { failedOutcome, isRetryStatus, retryOutcome, sentOutcome } from './http-outcome.js';

export type TelegramConfig = { apiUrl: string; botToken: string; timeoutMs: number };

// Telegram's limit for one message.
const MAX_TEXT = 4096;
const MAX_TITLE = 256;

type TelegramPayload = {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
};

type TelegramReply = {
  status: number;
  retryAfter: string | null;
  payload: TelegramPayload | undefined;
};

/** The bot token is in the URL; no error built here may carry the URL, the token or a cause. */
class TelegramCallError extends Error {
  constructor(
    method: string,
    readonly detail: string,
  ) {
    super(`Telegram ${method}: ${detail}`);
    this.name = 'TelegramCallError';
  }
}

function networkDetail(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `timed out after ${describeSeconds(timeoutMs)}`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string'
    ? `could not reach Telegram (${cause.code})`
    : 'could not reach Telegram';
}

async function readPayload(response: Response): Promise<TelegramPayload | undefined> {
  try {
    const parsed: unknown = await response.json();
    return typeof parsed === 'object' && parsed !== null ? (parsed as TelegramPayload) : undefined;
  } catch {
    return undefined;
  }
}

async function callTelegram(
  config: TelegramConfig,
  method: string,
  body: unknown,
  timeoutMs: number,
): Promise<TelegramReply> {
  const url = `${config.apiUrl.replace(/\/+$/, '')}/bot${config.botToken}/${method}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new TelegramCallError(method, networkDetail(error, timeoutMs));
  }
  const payload = await readPayload(response);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), payload };
}

function failureDescription(config: TelegramConfig, reply: TelegramReply): string {
  const description = reply.payload?.description ?? `HTTP ${reply.status}`;
  // Telegram never echoes the token, but a reason must not carry it even then.
  return truncate(description.split(config.botToken).join('…'), 200);
}

/** ok → sent; 429 → retry after `parameters.retry_after`; 5xx → retry; other errors fail. */
function classifyTelegram(config: TelegramConfig, reply: TelegramReply): SendOutcome {
  if (reply.payload?.ok === true) return sentOutcome();
  const code = reply.payload?.error_code ?? reply.status;
  const reason = `Telegram: ${failureDescription(config, reply)}`;
  if (code === 429) {
    const seconds = reply.payload?.parameters?.retry_after;
    const delay = typeof seconds === 'number' ? seconds * 1000 : undefined;
    return retryOutcome(reason, delay ?? retryAfterMs(reply.retryAfter ?? undefined));
  }
  if (isRetryStatus(code) || !reply.payload) return retryOutcome(reason);
  return failedOutcome(reason);
}

/** HTML for parse_mode HTML: the title in bold, the message, then the short facts. */
export function telegramText(message: AlertMessage): string {
  const title = `<b>${escapeHtml(truncate(message.title, MAX_TITLE))}</b>`;
  const facts = escapeHtml(contextParts(message).join(' · '));
  const link = message.link ? `\n<a href="${escapeHtml(message.link)}">Open in IO Worker</a>` : '';
  const tail = `\n\n${facts}${link}`;
  const room = MAX_TEXT - title.length - tail.length - 2;
  return `${title}\n\n${truncateEscaped(escapeHtml(message.message), room)}${tail}`;
}

export function createTelegramSender(config: TelegramConfig): Sender {
  return async (target, message) => {
    const body = {
      chat_id: target.target,
      text: telegramText(message),
      parse_mode: 'HTML',
      disable_web_page_preview: true,
    };
    try {
      return classifyTelegram(
        config,
        await callTelegram(config, 'sendMessage', body, config.timeoutMs),
      );
    } catch (error) {
      if (!(error instanceof TelegramCallError)) throw error;
      return retryOutcome(error.detail);
    }
  };
}

export type TelegramUpdate = { updateId: number; chatId: string; text: string };

export type TelegramBot = {
  getMe(): Promise<{ username: string }>;
  /** Long-polls for updates from `offset`; only messages with text, for the link poller. */
  getUpdates(offset: number, timeoutSeconds: number): Promise<TelegramUpdate[]>;
  /** Has Telegram post message updates to `url`, with `secretToken` in a header. */
  setWebhook(url: string, secretToken: string): Promise<void>;
  /** Ends webhook delivery: getUpdates answers 409 while a webhook is set. */
  deleteWebhook(): Promise<void>;
};

type RawUpdate = { update_id?: unknown; message?: { chat?: { id?: unknown }; text?: unknown } };

function toUpdate(raw: RawUpdate): TelegramUpdate[] {
  const chatId = raw.message?.chat?.id;
  const text = raw.message?.text;
  if (typeof raw.update_id !== 'number' || typeof text !== 'string') return [];
  if (typeof chatId !== 'number' && typeof chatId !== 'string') return [];
  return [{ updateId: raw.update_id, chatId: String(chatId), text }];
}

export function createTelegramBot(config: TelegramConfig): TelegramBot {
  async function resultOf(method: string, body: unknown, timeoutMs: number): Promise<unknown> {
    const reply = await callTelegram(config, method, body, timeoutMs);
    if (reply.payload?.ok !== true) {
      throw new TelegramCallError(method, failureDescription(config, reply));
    }
    return reply.payload.result;
  }
  return {
    async getMe() {
      const result = (await resultOf('getMe', {}, config.timeoutMs)) as { username?: unknown };
      if (typeof result?.username !== 'string') throw new Error('Telegram getMe: no username');
      return { username: result.username };
    },
    async getUpdates(offset, timeoutSeconds) {
      const body = { offset, timeout: timeoutSeconds, allowed_updates: ['message'] };
      // The long poll holds the request open for up to timeoutSeconds by design.
      const result = await resultOf('getUpdates', body, config.timeoutMs + timeoutSeconds * 1000);
      return Array.isArray(result) ? (result as RawUpdate[]).flatMap(toUpdate) : [];
    },
    async setWebhook(url, secretToken) {
      const body = { url, secret_token: secretToken, allowed_updates: ['message'] };
      await resultOf('setWebhook', body, config.timeoutMs);
    },
    async deleteWebhook() {
      await resultOf('deleteWebhook', {}, config.timeoutMs);
    },
  };
}
