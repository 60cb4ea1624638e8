import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export function findWallet(db: Executor, accountId: string) {
  return db
    .selectFrom('wallets')
    .select(['address', 'hold_until'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The wallet row, locked until the transaction ends: concurrent changes queue up. */
export function lockWallet(trx: Executor, accountId: string) {
  return trx
    .selectFrom('wallets')
    .select(['address', 'hold_until'])
    .where('account_id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
}

/** Sets or changes the address; payouts to it wait `holdHours` from now. */
export function saveWallet(trx: Executor, accountId: string, address: string, holdHours: number) {
  const holdUntil = sql<Date>`now() + make_interval(hours => ${holdHours})`;
  return trx
    .insertInto('wallets')
    .values({ account_id: accountId, address, hold_until: holdUntil })
    .onConflict((conflict) =>
      conflict.column('account_id').doUpdateSet({
        address,
        hold_until: holdUntil,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returning(['address', 'hold_until'])
    .executeTakeFirstOrThrow();
}
