import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // With ROLE=api the API holds no treasury key: an admin's payout run is a request here that
  // the leading worker claims, runs and answers (features/payouts/payout-handoff.ts).
  `CREATE TABLE payout_run_requests (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     requested_at timestamptz NOT NULL DEFAULT now(),
     claimed_at timestamptz,
     finished_at timestamptz,
     outcome jsonb
   )`,
  `CREATE INDEX payout_run_requests_open_idx ON payout_run_requests (requested_at)
   WHERE finished_at IS NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
