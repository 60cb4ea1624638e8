import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // Energy and coverage of a device by UTC hour, kept at ingest (features/energy): the hour is
  // that of the samples' own times, so a replayed buffer lands in the hours it was measured.
  // Increments are added by the gateway's flush; a recompute from InfluxDB replaces hours.
  `CREATE TABLE device_energy_hours (
     device_id uuid NOT NULL REFERENCES devices (id),
     hour timestamptz NOT NULL,
     energy_wh double precision NOT NULL DEFAULT 0,
     counter_wh double precision NOT NULL DEFAULT 0,
     covered_s double precision NOT NULL DEFAULT 0,
     busy_s double precision NOT NULL DEFAULT 0,
     samples integer NOT NULL DEFAULT 0,
     gpus integer NOT NULL DEFAULT 0,
     PRIMARY KEY (device_id, hour)
   )`,
  // Per GPU, the last integrated power sample and energy counter reading: the trapezoid of the
  // next sample starts there, whichever API instance receives it.
  `ALTER TABLE devices ADD COLUMN energy_cursor jsonb NOT NULL DEFAULT '{}'`,
  // The earliest sample time whose hours must be recomputed from InfluxDB (late or lost samples).
  `ALTER TABLE devices ADD COLUMN energy_stale_from timestamptz`,
  `CREATE INDEX devices_energy_stale ON devices (energy_stale_from) WHERE energy_stale_from IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
