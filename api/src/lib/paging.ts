import { z } from '@hono/zod-openapi';
import { sql, type SelectQueryBuilder } from 'kysely';
import { ApiError } from './api-error.js';

export const PageQuery = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(500, { error: 'must be at most 500' })
    .default(50),
  cursor: z.string().max(512, { error: 'is not a cursor from this API' }).optional(),
});

/**
 * Keyset position: the sort timestamp as Postgres prints it (microseconds survive,
 * which a JS Date would truncate) and the row id as the tie-breaker.
 */
export type Keyset = { at: string; id: string };

export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.at, keyset.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const [at, id] = Array.isArray(decoded) ? decoded : [];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) {
      return { at, id };
    }
  } catch {
    // falls through to the error below
  }
  throw ApiError.badRequest('invalid_request', 'cursor: is not a cursor from this API');
}

/** Rows were fetched with `limit + 1`: the extra one only tells whether a next page exists. */
export function toPage<T extends { keyset: Keyset }>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.keyset) : null };
}

/** Rows after `keyset` in newest-first order of `(<timeColumn>, id)`: a row-value comparison. */
export function olderThan(keyset: Keyset, timeColumn: 'created_at' | 'at' = 'created_at') {
  return sql<boolean>`(${sql.ref(timeColumn)}, id) < (${keyset.at}::timestamptz, ${keyset.id}::uuid)`;
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
