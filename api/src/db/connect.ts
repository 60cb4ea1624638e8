import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Database, Db } from './database.js';
import { migrateToLatest } from './migrate.js';

export type DatabaseHandle = {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
};

export type DatabaseOptions = { databaseUrl: string | undefined; dataDir: string };

/**
 * Opens PostgreSQL (`DATABASE_URL`) or embedded PGlite under `DATA_DIR`, then migrates.
 * PGlite is one process per data dir and one connection: fine for a single local API.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : await openPglite(path.resolve(options.dataDir, 'pgdata'));
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

function openPostgres(databaseUrl: string): DatabaseHandle {
  // No JIT: the API's queries are small, and a generate_series the planner guesses at 1,000
  // rows made PostgreSQL spend 200 ms compiling a 50 ms query (bench/earnings-page.bench.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, options: '-c jit=off' });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

async function openPglite(directory: string): Promise<DatabaseHandle> {
  await mkdir(directory, { recursive: true });
  const pglite = new PGlite(directory);
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
