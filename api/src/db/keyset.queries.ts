import { sql, type SelectQueryBuilder } from 'kysely';
import { toPage, type Keyset } from '../lib/paging.js';

/** Rows after `keyset` in newest-first order of `(<timeColumn>, id)`: a row-value comparison. */
export function olderThan(
  keyset: Keyset,
  timeColumn: 'created_at' | 'at' = 'created_at',
  idType: 'uuid' | 'bigint' = 'uuid',
) {
  return sql<boolean>`(${sql.ref(timeColumn)}, id) < (${keyset.at}::timestamptz, ${keyset.id}::${sql.raw(idType)})`;
}

/**
 * One page of a newest-first listing by `(created_at, id)`, fetched with one extra row to know
 * whether another page follows. The query must select `id` and `created_at::text` as
 * `created_at_text`.
 */
export async function newestFirstPage<
  DB,
  TB extends keyof DB,
  O extends { id: string; created_at_text: string },
>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: { limit: number; after: Keyset | undefined },
): Promise<{ items: O[]; nextCursor: string | null }> {
  const after = page.after ? query.where(olderThan(page.after)) : query;
  const rows = await after
    .orderBy(sql`created_at desc, id desc`)
    .limit(page.limit + 1)
    .execute();
  return toPage(
    rows.map((row) => ({ ...row, keyset: { at: row.created_at_text, id: row.id } })),
    page.limit,
  );
}
