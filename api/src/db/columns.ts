import type { ColumnType } from 'kysely';

/** A timestamp column: read as Date, written as Date or an SQL expression. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb written as a JSON string (pg would turn a JS array into a Postgres array). */
export type Json<T> = ColumnType<T, string, string>;
/** bigint columns: a string from pg, a number from PGlite; read them with `::text`. */
export type Lamports = ColumnType<string, string, string>;
