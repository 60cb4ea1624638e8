import { sql, type Kysely } from 'kysely';

// Paused by its owner (to game on it, for repairs): the orchestrator's schedulable list leaves
// it out and a job starting on it is refused (features/devices/device-lifecycle.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE devices ADD COLUMN paused_at timestamptz`.execute(db);
}
