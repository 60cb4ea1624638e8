import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // Per rollup policy (`rollup_1m`, `rollup_1h`), the end of the windows computed so far, fleet
  // wide (features/metric-rollups). Windows before it are done unless a device is stale below.
  `CREATE TABLE metric_rollup_watermarks (
     policy text PRIMARY KEY,
     computed_until timestamptz NOT NULL
   )`,
  // Devices that wrote samples older than the watermarks could have covered (a collector
  // replaying its buffer): their windows from `stale_from` on are computed again. `marks` counts
  // the marks, so a recompute clears only the mark it read, never one made while it ran.
  `CREATE TABLE metric_rollup_stale_devices (
     device_id uuid PRIMARY KEY,
     stale_from timestamptz NOT NULL,
     marks integer NOT NULL DEFAULT 1
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
