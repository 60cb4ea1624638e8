import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import * as accountsAndDevices from './migrations/0001-accounts-and-devices.js';
import * as telemetry from './migrations/0002-telemetry.js';
import * as earnings from './migrations/0003-earnings.js';
import * as payouts from './migrations/0004-payouts.js';
import * as notificationChannels from './migrations/0005-notification-channels.js';
import * as notificationRules from './migrations/0006-notification-rules.js';
import * as alertEvaluation from './migrations/0007-alert-evaluation.js';
import * as deviceSeriesBudget from './migrations/0008-device-series-budget.js';
import * as accountSecurity from './migrations/0009-account-security.js';
import * as personalTokens from './migrations/0010-personal-tokens.js';
import * as twoFactor from './migrations/0011-two-factor.js';
import * as passkeys from './migrations/0012-passkeys.js';
import * as ledgerRollups from './migrations/0013-ledger-rollups.js';
import * as deviceEnergyHours from './migrations/0014-device-energy-hours.js';
import * as metricRollups from './migrations/0015-metric-rollups.js';
import * as devicePause from './migrations/0016-device-pause.js';
import * as payoutReconciliation from './migrations/0017-payout-reconciliation.js';
import * as fleetTokens from './migrations/0018-fleet-tokens.js';
import * as payoutRunRequests from './migrations/0019-payout-run-requests.js';
import * as ledgerDeviceHoursByHour from './migrations/0020-ledger-device-hours-by-hour.js';
import * as payoutCaps from './migrations/0021-payout-caps.js';

/** Migrations are imported, not read from disk, so a bundled or compiled API finds them. */
const migrations: Record<string, Migration> = {
  '0001-accounts-and-devices': accountsAndDevices,
  '0002-telemetry': telemetry,
  '0003-earnings': earnings,
  '0004-payouts': payouts,
  '0005-notification-channels': notificationChannels,
  '0006-notification-rules': notificationRules,
  '0007-alert-evaluation': alertEvaluation,
  '0008-device-series-budget': deviceSeriesBudget,
  '0009-account-security': accountSecurity,
  '0010-personal-tokens': personalTokens,
  '0011-two-factor': twoFactor,
  '0012-passkeys': passkeys,
  '0013-ledger-rollups': ledgerRollups,
  '0014-device-energy-hours': deviceEnergyHours,
  '0015-metric-rollups': metricRollups,
  '0016-device-pause': devicePause,
  '0017-payout-reconciliation': payoutReconciliation,
  '0018-fleet-tokens': fleetTokens,
  '0019-payout-run-requests': payoutRunRequests,
  '0020-ledger-device-hours-by-hour': ledgerDeviceHoursByHour,
  '0021-payout-caps': payoutCaps,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema to the latest version; Kysely's lock keeps concurrent starts apart. */
export async function migrateToLatest(db: Db): Promise<void> {
  throwIfFailed(await new Migrator({ db, provider }).migrateToLatest());
}

/** Brings the schema to the named version: a test of a later migration's backfill starts there. */
export async function migrateTo(db: Db, name: string): Promise<void> {
  throwIfFailed(await new Migrator({ db, provider }).migrateTo(name));
}

function throwIfFailed({ error, results }: MigrationResultSet): void {
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
