// The tables of notifications: the inbox, channels, deliveries, rules and alert episodes.
import type { NotificationSeverity } from '@ioworker/contract';
import type { ColumnType, Generated } from 'kysely';
import type { DefaultedTimestamp, Json, Timestamp } from '../columns.js';

export type NotificationsTable = {
  id: Generated<string>;
  account_id: string;
  device_id: string | null;
  kind: string;
  severity: NotificationSeverity;
  title: string;
  message: string;
  dedupe_key: string | null;
  /** What it is as an alert leaving the app; null when it is in-app news only. */
  alert_event: string | null;
  alert_status: 'firing' | 'resolved' | null;
  created_at: DefaultedTimestamp;
};

export type NotificationChannelsTable = {
  id: Generated<string>;
  account_id: string;
  kind: 'email' | 'telegram' | 'discord' | 'slack' | 'webhook';
  name: string;
  /** The address, URL or chat id, sealed with SECRETS_KEY; null until a Telegram chat links. */
  target_sealed: string | null;
  /** What lists show instead of the target. */
  target_masked: string;
  secret_sealed: string | null;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  verified: ColumnType<boolean, boolean | undefined, boolean>;
  /** SHA-256 of the pending email code or Telegram link code. */
  code_hash: string | null;
  code_expires_at: Timestamp | null;
  code_attempts: ColumnType<number, number | undefined, number>;
  last_delivery_at: Timestamp | null;
  last_delivery_ok: boolean | null;
  last_delivery_error: string | null;
  created_at: DefaultedTimestamp;
};

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export type NotificationDeliveriesTable = {
  /** Also the idempotency key receivers see on every retry. */
  id: Generated<string>;
  account_id: string;
  /** Null for mail to the account itself, whose sealed address is `to_sealed`. */
  channel_id: string | null;
  to_sealed: string | null;
  notification_id: string | null;
  message: Json<StoredMessage>;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: DefaultedTimestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: DefaultedTimestamp;
  finished_at: Timestamp | null;
};

/** A delivery's message, as stored; the row's id is its delivery id. */
export type StoredMessage = {
  /** The event, e.g. `device.offline`; `channel.test` for a test-send, `channel.verify` for a code. */
  event: string;
  status: 'firing' | 'resolved';
  severity: NotificationSeverity;
  /** RFC 3339 UTC. */
  occurredAt: string;
  title: string;
  /** Plain text; senders escape it for HTML or Markdown. */
  message: string;
  device?: { id: string; name: string };
  /** How many alerts a grouped message stands for. */
  count?: number;
  /** Where the app shows it, or what the mail asks to open (a verification or reset link). */
  link?: string;
  /** The link's words, e.g. "Reset your password"; "Open in IO Worker" by default. */
  linkLabel?: string;
  /** Held until quiet hours ended: sent with the others held as one digest. */
  heldForQuietHours?: boolean;
};

/** An account's rule for one event (device_id null), or a device's override (nulls inherit). */
export type NotificationRulesTable = {
  id: Generated<string>;
  account_id: string;
  device_id: string | null;
  event: string;
  enabled: boolean | null;
  /** Channel ids the event goes to; null means every channel. */
  channel_ids: ColumnType<string[] | null, string | null, string | null>;
  /** The event's thresholds (e.g. `forMinutes`); an absent key inherits. */
  params: ColumnType<RuleParams | null, string | null, string | null>;
};

export type RuleParams = Partial<Record<string, number>>;

export type EpisodeState = 'pending' | 'firing' | 'clear';

/** A condition the alert evaluator watches on a device (see features/alert-evaluation). */
export type AlertEpisodesTable = {
  device_id: string;
  event: string;
  /** What on the device it is about (a service name); '' for the device as a whole. */
  subject: ColumnType<string, string | undefined, string>;
  account_id: string;
  state: EpisodeState;
  /** When the state began. */
  since: Timestamp;
  /** What the supplier was last told: a firing alert is resolved only after it was sent. */
  notified_status: 'firing' | 'resolved' | null;
  fired_count: ColumnType<number, number | undefined, number>;
  flap_window_start: Timestamp | null;
  flapping: ColumnType<boolean, boolean | undefined, boolean>;
  changed_at: Timestamp;
};

export type TelegramUpdatesTable = {
  bot: string;
  next_offset: ColumnType<string | number, string | number, string | number>;
};
