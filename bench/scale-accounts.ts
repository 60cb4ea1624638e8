// The scale simulation's accounts: the watched one (registered over HTTP) and others written
// straight into PostgreSQL, each with a payout address out of its hold and a balance to pay.
import { generateKeyPairSigner, type Address } from '@solana/kit';
import type pg from 'pg';

export type PayableAccount = { id: string; wallet: Address; lamports: bigint };

/** `count` accounts, the first being `watcherId`; account i is owed 0.2 SOL + i × 0.01 SOL. */
export async function seedPayableAccounts(
  db: pg.Client,
  watcherId: string,
  count: number,
): Promise<PayableAccount[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO accounts (email, password_hash)
     SELECT 'scale-' || n || '@example.com', 'not-a-password-hash' FROM generate_series(2, $1) AS n
     RETURNING id`,
    [count],
  );
  const accounts: PayableAccount[] = [];
  for (const [index, id] of [watcherId, ...rows.map((row) => row.id)].entries()) {
    const wallet = (await generateKeyPairSigner()).address;
    const lamports = 200_000_000n + BigInt(index) * 10_000_000n;
    await db.query(
      `INSERT INTO wallets (account_id, address, hold_until) VALUES ($1, $2, now() - interval '1 hour')`,
      [id, wallet],
    );
    await db.query(
      `INSERT INTO ledger_entries (account_id, kind, amount_lamports, note)
       VALUES ($1, 'adjustment', $2, 'scale bench credit')`,
      [id, lamports.toString()],
    );
    accounts.push({ id, wallet, lamports });
  }
  return accounts;
}
