import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { formatDecimal } from '../../lib/decimal.js';
import { newestFirstPage } from '../../db/keyset.queries.js';
import type { Keyset } from '../../lib/paging.js';

export type SettingsUpdate = {
  electricityPrice?: string;
  currency?: string;
  solPrice?: string | null;
  timezone?: string;
};

export async function findMe(db: Executor, accountId: string) {
  const row = await db
    .selectFrom('accounts')
    .select([
      'id',
      'email',
      'created_at',
      'currency',
      'timezone',
      'email_verified_at',
      sql<string>`electricity_price::text`.as('electricity_price'),
      sql<string | null>`sol_price::text`.as('sol_price'),
    ])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    email: row.email,
    emailVerified: row.email_verified_at !== null,
    createdAt: row.created_at.toISOString(),
    settings: {
      electricityPrice: formatDecimal(row.electricity_price),
      currency: row.currency,
      solPrice: row.sol_price === null ? null : formatDecimal(row.sol_price),
      timezone: row.timezone,
    },
  };
}

export async function updateSettings(db: Executor, accountId: string, update: SettingsUpdate) {
  await db
    .updateTable('accounts')
    .set({
      ...(update.electricityPrice !== undefined && { electricity_price: update.electricityPrice }),
      ...(update.currency !== undefined && { currency: update.currency }),
      ...(update.solPrice !== undefined && { sol_price: update.solPrice }),
      ...(update.timezone !== undefined && { timezone: update.timezone }),
    })
    .where('id', '=', accountId)
    .execute();
}

export async function updatePasswordHash(
  db: Executor,
  accountId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ password_hash: passwordHash })
    .where('id', '=', accountId)
    .execute();
}

/** Signs one of the account's sessions out; false when it is not the account's. */
export async function deleteAccountSession(
  db: Executor,
  accountId: string,
  sessionId: string,
): Promise<boolean> {
  const row = await db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('account_id', '=', accountId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function listSessions(
  db: Executor,
  accountId: string,
  page: { limit: number; after: Keyset | undefined },
) {
  const query = db
    .selectFrom('sessions')
    .select([
      'id',
      'created_at',
      'last_used_at',
      'expires_at',
      'ip',
      'user_agent',
      sql<string>`created_at::text`.as('created_at_text'),
    ])
    .where('account_id', '=', accountId)
    .where('expires_at', '>', new Date());
  return newestFirstPage(query, page);
}
