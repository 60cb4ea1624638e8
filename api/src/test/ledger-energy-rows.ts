import type { Db, LedgerKind } from '../db/database.js';

export type LedgerRow = {
  accountId: string;
  kind: Exclude<LedgerKind, 'job'>;
  lamports: bigint;
  at: Date;
  deviceId: string | null;
};

/**
 * An adjustment or a payout debit straight into the ledger, as psql would write it (a job
 * credit needs a job); the rollups' trigger adds it up.
 */
export function insertLedgerEntry(db: Db, entry: LedgerRow) {
  return db
    .insertInto('ledger_entries')
    .values({
      account_id: entry.accountId,
      kind: entry.kind,
      amount_lamports: entry.lamports.toString(),
      at: entry.at,
      device_id: entry.deviceId,
    })
    .execute();
}

export type EnergyHour = {
  deviceId: string;
  hourMs: number;
  energyWh: number;
  coveredS: number;
  gpus: number;
};

/** A device-hour as ingest keeps it (features/energy). */
export function insertEnergyHour(db: Db, hour: EnergyHour) {
  return db
    .insertInto('device_energy_hours')
    .values({
      device_id: hour.deviceId,
      hour: new Date(hour.hourMs).toISOString(),
      energy_wh: hour.energyWh,
      counter_wh: 0,
      covered_s: hour.coveredS,
      busy_s: 0,
      samples: Math.round(hour.coveredS / 10),
      gpus: hour.gpus,
    })
    .execute();
}
