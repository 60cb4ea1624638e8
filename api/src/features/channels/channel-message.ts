import type { StoredMessage } from '../../db/database.js';

export const CHANNEL_KINDS = ['email', 'telegram', 'discord', 'slack', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** One message to one channel; `deliveryId` stays the same on every retry (the idempotency key). */
export type AlertMessage = StoredMessage & { deliveryId: string };

/** Where a channel delivers, opened from storage: an address, a URL or a Telegram chat id. */
export type ChannelTarget = {
  kind: ChannelKind;
  target: string;
  /** The webhook's signing secret. */
  secret?: string;
};

export type SendOutcome =
  | { kind: 'sent' }
  /** Try again later: a network error, a timeout, 408, 429, 5xx, an SMTP 4xx. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Never going to work as it is: a 4xx, a private address, an SMTP 5xx. */
  | { kind: 'failed'; reason: string };

export type Sender = (target: ChannelTarget, message: AlertMessage) => Promise<SendOutcome>;
