import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { olderThan } from '../../db/keyset.queries.js';
import { toPage, type Keyset } from '../../lib/paging.js';

/** One newest-first page of the account's audit events with one of `actions`. */
export async function securityEventsPage(
  db: Executor,
  where: { accountId: string; actions: readonly string[] },
  page: { limit: number; after: Keyset | undefined },
) {
  let query = db
    .selectFrom('audit_events')
    .select([
      // bigint: a string from pg, a number from PGlite.
      sql<string>`id::text`.as('id'),
      'action',
      'at',
      sql<string>`at::text`.as('at_text'),
      'ip',
      'user_agent',
      'details',
    ])
    .where('account_id', '=', where.accountId)
    .where('action', 'in', where.actions);
  if (page.after) query = query.where(olderThan(page.after, 'at', 'bigint'));
  const rows = await query
    .orderBy(sql`at desc, id desc`)
    .limit(page.limit + 1)
    .execute();
  return toPage(
    rows.map((row) => ({ ...row, keyset: { at: row.at_text, id: row.id } })),
    page.limit,
  );
}
