import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/database.js';
import { migrateTo, migrateToLatest } from '../../db/migrate.js';
import { earningsSummary } from './earnings.queries.js';
import { checkLedgerRollups } from './ledger-rollups.js';
import { ledgerScanSummary } from './test/ledger-scan-summary.js';
import { freshDatabaseUrl } from '../../test/test-api.js';

const DAY = 86_400_000;

function openPglite(): Db {
  return new Kysely<Database>({ dialect: new PGliteDialect(new PGlite()) });
}

/** A fresh, unmigrated database on the run's PostgreSQL server. */
async function openPostgres(): Promise<Db> {
  const { url } = await freshDatabaseUrl('iow_backfill');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

describe.each([
  ['embedded PostgreSQL (PGlite)', async () => openPglite()],
  ['PostgreSQL', openPostgres],
])('migration 0013 on %s', (_name, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
    await migrateTo(db, '0012-passkeys');
  });
  afterAll(() => db.destroy());

  async function accountWithDevice(email: string) {
    const account = await db
      .insertInto('accounts')
      .values({ email, password_hash: 'not-a-login', timezone: 'Asia/Kathmandu' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const device = await db
      .insertInto('devices')
      .values({ account_id: account.id, name: 'rig', os: 'ubuntu' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { accountId: account.id, deviceId: device.id };
  }

  /** A ledger over 60 days: job credits of the device, payouts and adjustments of the account. */
  async function fillLedger(accountId: string, deviceId: string) {
    await db
      .insertInto('ledger_entries')
      .values(
        Array.from({ length: 300 }, (_, index) => ({
          account_id: accountId,
          kind: (['job', 'job', 'payout', 'adjustment'] as const)[index % 4]!,
          amount_lamports: String(index % 4 === 2 ? -index : index * 1000 + 1),
          device_id: index % 4 === 0 ? deviceId : null,
          at: new Date(Date.now() - index * 0.2 * DAY),
        })),
      )
      .execute();
  }

  it('backfills the rollups from the ledger rows already there; the trigger keeps them after', async () => {
    const { accountId, deviceId } = await accountWithDevice('backfill@example.com');
    await fillLedger(accountId, deviceId);
    await migrateToLatest(db);

    expect(await checkLedgerRollups(db, { repair: false })).toEqual({
      differences: [],
      total: 0,
      repaired: false,
    });
    expect(await earningsSummary(db, accountId)).toEqual(await ledgerScanSummary(db, accountId));

    await fillLedger(accountId, deviceId);
    expect((await checkLedgerRollups(db, { repair: false })).total).toBe(0);
    expect(await earningsSummary(db, accountId)).toEqual(await ledgerScanSummary(db, accountId));
  });

  it('repairs a corrupted rollup row', async () => {
    const { accountId } = await accountWithDevice('repair@example.com');
    await db
      .insertInto('ledger_account_totals')
      .values({ account_id: accountId, kind: 'job', amount_lamports: '1' })
      .execute();
    expect(await checkLedgerRollups(db, { accountId, repair: true })).toMatchObject({
      total: 1,
      repaired: true,
    });
    expect((await checkLedgerRollups(db, { repair: false })).total).toBe(0);
  });
});
