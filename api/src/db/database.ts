import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type {
  AccountTokensTable,
  AccountsTable,
  AuditEventsTable,
  AuthAttemptsTable,
  MfaChallengesTable,
  PasskeyChallengesTable,
  PasskeysTable,
  PersonalTokensTable,
  RecoveryCodesTable,
  SessionsTable,
  TotpCredentialsTable,
} from './schema/accounts.js';
import type {
  DeviceEnergyHoursTable,
  DeviceUptimeDaysTable,
  DevicesTable,
  EnrollmentTokensTable,
  FleetTokensTable,
  MetricRollupStaleDevicesTable,
  MetricRollupWatermarksTable,
} from './schema/devices.js';
import type {
  JobsTable,
  LedgerAccountHoursTable,
  LedgerAccountTotalsTable,
  LedgerDeviceHoursTable,
  LedgerEntriesTable,
  PayoutChecksTable,
  PayoutRunRequestsTable,
  PayoutsTable,
  WalletAddressesTable,
  WalletsTable,
} from './schema/money.js';
import type {
  AlertEpisodesTable,
  NotificationChannelsTable,
  NotificationDeliveriesTable,
  NotificationRulesTable,
  NotificationsTable,
  TelegramUpdatesTable,
} from './schema/notifications.js';

// The tables' types live with their domain (schema/); everything imports them from here.
export type * from './columns.js';
export type * from './schema/accounts.js';
export type * from './schema/devices.js';
export type * from './schema/money.js';
export type * from './schema/notifications.js';

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
