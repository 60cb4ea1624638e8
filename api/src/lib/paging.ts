import { z } from '@hono/zod-openapi';
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
