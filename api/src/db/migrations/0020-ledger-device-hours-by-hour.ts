import { sql, type Kysely } from 'kysely';

/**
 * An account's device earnings by hour, whatever the device: the daily series reads each day's
 * hours of all the account's devices, which the (account, device, hour, kind) key could only
 * find by reading all of the account's rows once per day (bench/earnings-page.bench.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX ledger_device_hours_account_hour_idx ON ledger_device_hours (account_id, hour)`.execute(
    db,
  );
}
