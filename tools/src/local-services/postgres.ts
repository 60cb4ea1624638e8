import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { findPostgresBinaries } from './binaries.js';
import { freePort, spawnService, waitUntilReady } from './process.js';

const run = promisify(execFile);

export type RunningPostgres = {
  /** Superuser URL of the `postgres` database; tests create their own databases from it. */
  url: string;
  stop(): Promise<void>;
};

type Account = { uid: number; gid: number } | undefined;

/** initdb refuses to run as root: then the server runs as the `postgres` system user. */
async function serverAccount(): Promise<Account> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
    ]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    throw new Error(
      'Running as root, PostgreSQL needs the `postgres` system user (created by `apt-get install postgresql`).',
    );
  }
}

function chownTree(directory: string, account: NonNullable<Account>): void {
  chownSync(directory, account.uid, account.gid);
  for (const entry of readdirSync(directory)) {
    const child = path.join(directory, entry);
    if (statSync(child).isDirectory()) chownTree(child, account);
    else chownSync(child, account.uid, account.gid);
  }
}

/** Whether a PostgreSQL server at `url` answers a query now. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A throwaway PostgreSQL server in a temp dir on a free loopback port (about a second). */
export async function startPostgres(): Promise<RunningPostgres> {
  const binaries = findPostgresBinaries();
  const account = await serverAccount();
  // Under os.tmpdir(): the postgres user cannot enter a root-owned 0700 checkout.
  const root = mkdtempSync(path.join(tmpdir(), 'iow-postgres-'));
  const dataDir = path.join(root, 'data');
  if (account) chownTree(root, account);
  const ids = account ? { uid: account.uid, gid: account.gid } : {};
  await new Promise<void>((resolve, reject) => {
    execFile(
      binaries.initdb,
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
      { ...ids, cwd: root },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`initdb failed: ${stderr}`)) : resolve(),
    );
  });
  const port = await freePort();
  const service = spawnService(
    binaries.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      root,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    { ...ids, logFile: path.join(root, 'postgres.log'), removeDir: root, stopSignal: 'SIGINT' },
  );
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitUntilReady(service, 'PostgreSQL', () => postgresAnswers(url));
  return { url, stop: service.stop };
}
