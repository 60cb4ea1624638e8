import type { DeviceStatus, JobStatus, NotificationSeverity, TokenScope } from '@ioworker/contract';
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';

/** A timestamp column: read as Date, written as Date or an SQL expression. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb written as a JSON string (pg would turn a JS array into a Postgres array). */
type Json<T> = ColumnType<T, string, string>;

export type AccountsTable = {
  id: Generated<string>;
  email: string;
  password_hash: string;
  electricity_price: ColumnType<string, string | undefined, string>;
  currency: ColumnType<string, string | undefined, string>;
  sol_price: ColumnType<string | null, string | null | undefined, string | null>;
  timezone: ColumnType<string, string | undefined, string>;
  created_at: DefaultedTimestamp;
  /** Quiet hours, `HH:MM` in the account's time zone; both null when there are none. */
  quiet_start: ColumnType<string | null, string | null | undefined, string | null>;
  quiet_end: ColumnType<string | null, string | null | undefined, string | null>;
  /** Null until the address is confirmed from the link mailed to it. */
  email_verified_at: ColumnType<
    Date | null,
    Date | string | null | undefined,
    Date | string | null
  >;
};

export type AccountTokenPurpose =
  'verify_email' | 'password_reset' | 'email_change' | 'end_session';

export type AccountTokensTable = {
  id: Generated<string>;
  account_id: string;
  purpose: AccountTokenPurpose;
  token_hash: string;
  /** The address it was sent to verify, or the new address to change to. */
  email: string | null;
  /** The session an `end_session` token ends. */
  session_id: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: DefaultedTimestamp;
};

export type SessionsTable = {
  id: Generated<string>;
  token_hash: string;
  account_id: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  last_used_at: DefaultedTimestamp;
  ip: string;
  user_agent: string | null;
};

/** A personal API token (`iowp_…`); revoking it deletes the row. */
export type PersonalTokensTable = {
  id: Generated<string>;
  account_id: string;
  name: string;
  scope: TokenScope;
  token_hash: string;
  /** The token's last four characters, to tell tokens apart; not enough to guess one. */
  last_four: string;
  created_at: DefaultedTimestamp;
  /** Null: never expires. */
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
};

export type AuthAttemptsTable = {
  id: Generated<string>;
  kind: 'login_failure' | 'registration' | 'password_reset';
  email: string | null;
  ip: string;
  at: DefaultedTimestamp;
};

export type StoredGpu = { index: number; uuid?: string; model: string; memoryTotalMiB: number };
/** A GPU series' tags besides `device`: index, uuid and model ('' where a line had none). */
export type GpuTagSet = [gpu: string, uuid: string, model: string];

export type DevicesTable = {
  id: Generated<string>;
  account_id: string;
  name: string;
  os: 'ubuntu' | 'windows';
  hostname: string | null;
  host_os: string | null;
  gpus: ColumnType<StoredGpu[], string | undefined, string>;
  credential_hash: string | null;
  enrolled_at: Timestamp | null;
  last_seen_at: Timestamp | null;
  interval_s: ColumnType<number, number | undefined, number>;
  created_at: DefaultedTimestamp;
  deleted_at: Timestamp | null;
  reported_status: ColumnType<DeviceStatus, DeviceStatus | undefined, DeviceStatus>;
  latest: ColumnType<LatestSample | null, string | null | undefined, string | null>;
  dropped_fields: ColumnType<string | number, never, string | number>;
  /** Maintenance: no alerts for the device until then. */
  muted_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Paused by its owner since then: off the orchestrator's schedulable list (migration 0016). */
  paused_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Its series budget: every GPU tag set and service name it has written. */
  gpu_tag_sets: ColumnType<GpuTagSet[], string | undefined, string>;
  service_names: ColumnType<string[], string | undefined, string>;
  /** Per GPU, where its energy integral stands (features/energy). */
  energy_cursor: ColumnType<EnergyCursor, string | undefined, string>;
  /** The earliest sample time whose hours wait for a recompute from InfluxDB. */
  energy_stale_from: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Set when a fleet token enrolled it: its machine's id, unique per account (migration 0018). */
  machine_id: ColumnType<string | null, string | null | undefined, string | null>;
  fleet_token_id: ColumnType<string | null, string | null | undefined, string | null>;
};

/** A GPU's last integrated power sample (`t` ms, `w` W) and energy counter reading (mJ). */
export type GpuCursor = { t?: number; w?: number; mjT?: number; mj?: number };
export type EnergyCursor = Record<string, GpuCursor>;

/** Energy and coverage of a device in one UTC hour (migration 0014). */
export type DeviceEnergyHoursTable = {
  device_id: string;
  hour: Timestamp;
  energy_wh: number;
  counter_wh: number;
  covered_s: number;
  busy_s: number;
  samples: number;
  gpus: number;
};

/** The newest reading of a device, kept as samples arrive so reads never query InfluxDB for it. */
export type LatestSample = {
  at: string;
  gpus: {
    index: number;
    temperatureC?: number;
    powerW?: number;
    powerLimitW?: number;
    utilizationPct?: number;
    memoryUsedMiB?: number;
    fanPct?: number;
    throttled?: boolean;
    /** Counters: uncorrected ECC errors (volatile) and Xid errors since boot. */
    eccErrors?: number;
    xidErrors?: number;
  }[];
  host?: {
    at: string;
    uptimeS?: number;
    cpuPct?: number;
    rxBytes?: number;
    txBytes?: number;
    rxBytesPerSec?: number;
    txBytesPerSec?: number;
    agentVersion?: string;
  };
  services: { name: string; up: boolean; checkedAt: string }[];
};

/** Multi-use enrollment tokens for many machines (migration 0018); revoking deletes the row. */
export type FleetTokensTable = {
  id: Generated<string>;
  account_id: string;
  name: string;
  token_hash: string;
  /** The token's last four characters, to tell tokens apart; not enough to guess one. */
  last_four: string;
  max_devices: number;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
};

export type EnrollmentTokensTable = {
  id: Generated<string>;
  device_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: DefaultedTimestamp;
};

export type DeviceUptimeDaysTable = {
  device_id: string;
  day: ColumnType<string, string, string>;
  covered_seconds: ColumnType<number, number | undefined, number>;
};

/** Per rollup policy, the end of the windows computed so far (migration 0015). */
export type MetricRollupWatermarksTable = {
  policy: string;
  computed_until: Timestamp;
};

/** A device whose windows from `stale_from` on are computed again (late samples). */
export type MetricRollupStaleDevicesTable = {
  device_id: string;
  stale_from: Timestamp;
  marks: ColumnType<number, number | undefined, number>;
};

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

/** bigint columns: a string from pg, a number from PGlite; read them with `::text`. */
type Lamports = ColumnType<string, string, string>;

export type JobsTable = {
  id: Generated<string>;
  external_id: string;
  device_id: string;
  account_id: string;
  status: JobStatus;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  earnings_lamports: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

export type LedgerKind = 'job' | 'payout' | 'adjustment';

export type LedgerEntriesTable = {
  id: Generated<string>;
  account_id: string;
  kind: LedgerKind;
  amount_lamports: Lamports;
  device_id: string | null;
  job_id: string | null;
  payout_id: string | null;
  note: string | null;
  at: DefaultedTimestamp;
};

/** Sums of ledger entries, kept by a trigger on ledger_entries (migration 0013). */
export type LedgerAccountHoursTable = {
  account_id: string;
  /** The UTC hour the entries fall in, at its start. */
  hour: Timestamp;
  kind: LedgerKind;
  amount_lamports: Lamports;
};

export type LedgerDeviceHoursTable = LedgerAccountHoursTable & { device_id: string };

export type LedgerAccountTotalsTable = Omit<LedgerAccountHoursTable, 'hour'>;

export type WalletsTable = {
  account_id: string;
  address: string;
  hold_until: Timestamp;
  updated_at: DefaultedTimestamp;
};

/** Every payout address an account had, from when (migration 0017, kept by a trigger). */
export type WalletAddressesTable = {
  id: Generated<string>;
  account_id: string;
  address: string;
  set_at: Timestamp;
};

export type PayoutStatus = 'held' | 'pending' | 'sent' | 'confirmed' | 'failed';
/** Why a payout waits: over PAYOUT_MAX_LAMPORTS, or over what PAYOUT_DAILY_MAX_LAMPORTS leaves. */
export type PayoutHoldReason = 'over_payout_cap' | 'over_daily_cap';

export type PayoutsTable = {
  id: Generated<string>;
  account_id: string;
  amount_lamports: Lamports;
  address: string;
  status: PayoutStatus;
  signature: string | null;
  wire_transaction: string | null;
  last_valid_block_height: ColumnType<string | null, string | null | undefined, string | null>;
  failure_reason: string | null;
  hold_reason: ColumnType<PayoutHoldReason | null, PayoutHoldReason | null | undefined>;
  approved_at: ColumnType<Date | null, Date | null | undefined>;
  released_at: ColumnType<Date | null, Date | null | undefined>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
};

/** What a payout run handed to the worker ended with (features/payouts/payout-handoff.ts). */
export type PayoutRunOutcome =
  | { kind: 'ran'; payoutIds: string[] }
  | { kind: 'busy' }
  | { kind: 'disabled' }
  /** An approval the payout's state refused (404, or 409 not held / address changed). */
  | { kind: 'refused'; status: 404 | 409; code: string; message: string }
  | { kind: 'failed'; message: string };

/** An admin's payout run, asked of the worker by an API that holds no treasury key. */
export type PayoutRunRequestsTable = {
  id: Generated<string>;
  requested_at: DefaultedTimestamp;
  claimed_at: Date | null;
  finished_at: Date | null;
  outcome: Json<PayoutRunOutcome> | null;
  /** An admin's approval of this held payout; null: an admin's full payout run. */
  approve_payout_id: ColumnType<string | null, string | null | undefined, string | null>;
};

/** What reconciliation last found for a confirmed payout; `problems` empty when all agreed. */
export type PayoutChecksTable = {
  payout_id: string;
  checked_at: DefaultedTimestamp;
  problems: Json<PayoutProblem[]>;
  chain_lamports: ColumnType<string | null, string | null, string | null>;
  chain_destination: string | null;
};

export type PayoutProblemCode =
  | 'signature_missing'
  | 'not_on_chain'
  | 'failed_on_chain'
  | 'amount_differs'
  | 'ledger_differs'
  | 'destination_differs';

/** One way a payout and the chain disagree; `expected` is what the records say. */
export type PayoutProblem = {
  code: PayoutProblemCode;
  message: string;
  expected: string | null;
  actual: string | null;
};

export type AuditEventsTable = {
  id: Generated<string>;
  account_id: string | null;
  action: string;
  ip: string | null;
  user_agent: string | null;
  device_id: string | null;
  details: Json<Record<string, unknown>>;
  at: DefaultedTimestamp;
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

export type TotpCredentialsTable = {
  account_id: string;
  secret_sealed: string;
  /** Null while set-up waits for its first code. */
  confirmed_at: Timestamp | null;
  /** The last 30-second step a code was accepted for: a code works once. */
  last_used_step: ColumnType<string | number, string | number | undefined, string | number>;
  created_at: DefaultedTimestamp;
};

export type RecoveryCodesTable = {
  id: Generated<string>;
  account_id: string;
  code_hash: string;
  used_at: Timestamp | null;
};

export type MfaChallengesTable = {
  id: Generated<string>;
  account_id: string;
  token_hash: string;
  expires_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  used_at: Timestamp | null;
};

export type PasskeysTable = {
  id: Generated<string>;
  account_id: string;
  /** base64url, as WebAuthn responses carry it. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** bigint: read as a string. */
  counter: ColumnType<string, string | number | undefined, string | number>;
  transports: Json<string[]>;
  name: string;
  created_at: DefaultedTimestamp;
  last_used_at: Timestamp | null;
};

export type PasskeyChallengePurpose = 'registration' | 'sign_in' | 'second_factor';

export type PasskeyChallengesTable = {
  id: Generated<string>;
  challenge: string;
  purpose: PasskeyChallengePurpose;
  /** Null only for a passwordless sign-in, whose account is not known yet. */
  account_id: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
};

export type Database = {
  accounts: AccountsTable;
  sessions: SessionsTable;
  personal_tokens: PersonalTokensTable;
  auth_attempts: AuthAttemptsTable;
  devices: DevicesTable;
  enrollment_tokens: EnrollmentTokensTable;
  fleet_tokens: FleetTokensTable;
  audit_events: AuditEventsTable;
  device_uptime_days: DeviceUptimeDaysTable;
  metric_rollup_watermarks: MetricRollupWatermarksTable;
  metric_rollup_stale_devices: MetricRollupStaleDevicesTable;
  device_energy_hours: DeviceEnergyHoursTable;
  notifications: NotificationsTable;
  jobs: JobsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_account_hours: LedgerAccountHoursTable;
  ledger_device_hours: LedgerDeviceHoursTable;
  ledger_account_totals: LedgerAccountTotalsTable;
  wallets: WalletsTable;
  payouts: PayoutsTable;
  wallet_addresses: WalletAddressesTable;
  payout_checks: PayoutChecksTable;
  payout_run_requests: PayoutRunRequestsTable;
  notification_channels: NotificationChannelsTable;
  notification_deliveries: NotificationDeliveriesTable;
  telegram_updates: TelegramUpdatesTable;
  notification_rules: NotificationRulesTable;
  alert_episodes: AlertEpisodesTable;
  account_tokens: AccountTokensTable;
  totp_credentials: TotpCredentialsTable;
  recovery_codes: RecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
  passkeys: PasskeysTable;
  passkey_challenges: PasskeyChallengesTable;
};

export type Db = Kysely<Database>;
/** A database handle or a transaction: repository functions accept either. */
export type Executor = Kysely<Database> | Transaction<Database>;

export type AccountRow = Selectable<AccountsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
