import { z } from '@hono/zod-openapi';
import { ApiError } from './api-error.js';
import { instantSchema } from './validation.js';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Row ids a cursor may carry: uuids, or bigint identities (audit events). */
const ID_PATTERNS = { uuid: UUID, bigint: /^\d{1,18}$/ };
/** `2026-01-31 12:00:00.123456+00`: a timestamptz as Postgres prints it, in any session zone. */
const POSTGRES_TIME =
  /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)([+-])(\d{2})(?::(\d{2}))?$/;
/** Postgres refuses a UTC offset beyond 15:59. */
const MAX_OFFSET_HOURS = 15;

/**
 * Whether Postgres will read `text` as a timestamptz. A cursor is client input: anything it
 * would refuse (February 31st, hour 24, year 0000) must be a 400 here, not a 500 there.
 */
function isPostgresTime(text: string): boolean {
  const match = POSTGRES_TIME.exec(text);
  if (!match) return false;
  const [, date, time, sign, hours = '', minutes = '00'] = match;
  if (Number(hours) > MAX_OFFSET_HOURS) return false;
  return instantSchema.safeParse(`${date}T${time}${sign}${hours}:${minutes}`).success;
}

export function decodeCursor(
  cursor: string | undefined,
  idType: keyof typeof ID_PATTERNS = 'uuid',
): Keyset | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const [at, id] = Array.isArray(decoded) ? decoded : [];
    if (
      typeof at === 'string' &&
      typeof id === 'string' &&
      isPostgresTime(at) &&
      ID_PATTERNS[idType].test(id)
    ) {
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
