import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // Every payout address an account had, from when: reconciliation checks a payout against the
  // address on file when it was made (the wallets row holds only the newest one).
  `CREATE TABLE wallet_addresses (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     address text NOT NULL,
     set_at timestamptz NOT NULL
   )`,
  `CREATE INDEX wallet_addresses_account_idx ON wallet_addresses (account_id, set_at DESC, id DESC)`,
  // A trigger rather than application code, as for the ledger rollups: an address set from
  // psql, or by an older API during a rolling deploy, is on file too.
  `CREATE FUNCTION wallet_addresses_record() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'INSERT' OR NEW.address IS DISTINCT FROM OLD.address THEN
       INSERT INTO wallet_addresses (account_id, address, set_at)
       VALUES (NEW.account_id, NEW.address, now());
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER wallet_addresses AFTER INSERT OR UPDATE ON wallets
   FOR EACH ROW EXECUTE FUNCTION wallet_addresses_record()`,
  // Backfill: the changes the audit log recorded, then each current address that the log does
  // not end with (set before auditing began), from when its row last changed.
  `INSERT INTO wallet_addresses (account_id, address, set_at)
   SELECT account_id, details->>'address', at
   FROM audit_events
   WHERE action = 'wallet.changed' AND account_id IS NOT NULL AND details ? 'address'
     AND EXISTS (SELECT 1 FROM accounts WHERE accounts.id = audit_events.account_id)`,
  `INSERT INTO wallet_addresses (account_id, address, set_at)
   SELECT w.account_id, w.address, w.updated_at FROM wallets w
   WHERE w.address IS DISTINCT FROM (
     SELECT h.address FROM wallet_addresses h WHERE h.account_id = w.account_id
     ORDER BY h.set_at DESC, h.id DESC LIMIT 1)`,
  // A payout's debit and any credit-back, found without reading the account's whole ledger.
  `CREATE INDEX ledger_payout_idx ON ledger_entries (payout_id) WHERE payout_id IS NOT NULL`,
  // What reconciliation last found for a confirmed payout: an empty list when the chain agrees.
  `CREATE TABLE payout_checks (
     payout_id uuid PRIMARY KEY REFERENCES payouts (id) ON DELETE CASCADE,
     checked_at timestamptz NOT NULL DEFAULT now(),
     problems jsonb NOT NULL,
     chain_lamports bigint,
     chain_destination text
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
