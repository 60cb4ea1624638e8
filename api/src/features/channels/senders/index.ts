import type {
  AlertMessage,
  ChannelKind,
  ChannelTarget,
  Sender,
  SendOutcome,
} from '../channel-message.js';
import { createDiscordSender } from './discord.js';
import { createEmailSender } from './email.js';
import { DEFAULT_TIMEOUT_MS, failedOutcome, type HttpSendOptions } from './http-outcome.js';
import { createSlackSender } from './slack.js';
import { createTelegramSender } from './telegram.js';
import { createWebhookSender } from './webhook.js';

export { signWebhookBody, verifyWebhookSignature } from './webhook.js';
export { createTelegramBot, type TelegramBot, type TelegramUpdate } from './telegram.js';

export type SenderOptions = {
  /** Lets webhooks reach loopback and private addresses: for tests and local setups only. */
  allowPrivateTargets: boolean;
  /** Per request; 10 000 by default. */
  timeoutMs?: number;
  smtpUrl?: string;
  mailFrom: string;
  telegram?: { apiUrl: string; botToken: string };
};

export type Senders = {
  send(target: ChannelTarget, message: AlertMessage): Promise<SendOutcome>;
  close(): Promise<void>;
};

function notConfigured(what: string): Sender {
  return async () => failedOutcome(`${what} is not configured on this server`);
}

/** One sender per channel kind, dispatching on `target.kind`; `close()` ends the SMTP pool. */
export function createSenders(options: SenderOptions): Senders {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const http: HttpSendOptions = { allowPrivate: options.allowPrivateTargets, timeoutMs };
  const email = options.smtpUrl
    ? createEmailSender({ smtpUrl: options.smtpUrl, mailFrom: options.mailFrom, timeoutMs })
    : undefined;
  const byKind: Record<ChannelKind, Sender> = {
    email: email?.send ?? notConfigured('Email'),
    telegram: options.telegram
      ? createTelegramSender({ ...options.telegram, timeoutMs })
      : notConfigured('Telegram'),
    discord: createDiscordSender(http),
    slack: createSlackSender(http),
    webhook: createWebhookSender(http),
  };
  return {
    send: (target, message) => byKind[target.kind](target, message),
    close: async () => {
      await email?.close();
    },
  };
}
