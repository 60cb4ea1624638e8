import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export type AttemptKind = 'login_failure' | 'registration' | 'password_reset';

/** Undefined when the email is taken. */
export function insertAccount(db: Executor, account: { email: string; passwordHash: string }) {
  return db
    .insertInto('accounts')
    .values({ email: account.email, password_hash: account.passwordHash })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returning(['id', 'email', 'created_at'])
    .executeTakeFirst();
}

export function findAccountByEmail(db: Executor, email: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'email', 'created_at', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function findPasswordHash(db: Executor, accountId: string): Promise<string> {
  const account = await db
    .selectFrom('accounts')
    .select('password_hash')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return account.password_hash;
}

/** A live device by its credential's hash, with its account's time zone. */
export function findDeviceByCredentialHash(db: Executor, credentialHash: string) {
  return db
    .selectFrom('devices')
    .innerJoin('accounts', 'accounts.id', 'devices.account_id')
    .select([
      'devices.id',
      'devices.account_id',
      'devices.name',
      'devices.interval_s',
      'devices.latest',
      'devices.gpus',
      'accounts.timezone',
    ])
    .where('devices.credential_hash', '=', credentialHash)
    .where('devices.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Which of these credential hashes still open a live device, with the device's name. */
export async function liveCredentialHashes(
  db: Executor,
  credentialHashes: string[],
): Promise<Map<string, string>> {
  if (credentialHashes.length === 0) return new Map();
  const rows = await db
    .selectFrom('devices')
    .select(['credential_hash', 'name'])
    .where(
      'credential_hash',
      'in',
      sql<string>`(SELECT jsonb_array_elements_text(${JSON.stringify(credentialHashes)}::jsonb))`,
    )
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((row) => [row.credential_hash ?? '', row.name]));
}

export async function insertSession(
  db: Executor,
  session: {
    tokenHash: string;
    accountId: string;
    expiresAt: Date;
    ip: string;
    userAgent: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      account_id: session.accountId,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findSessionByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select([
      'sessions.id',
      'sessions.account_id',
      'sessions.expires_at',
      'sessions.last_used_at',
      'accounts.email',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(
  db: Executor,
  sessionId: string,
  times: { expiresAt: Date; lastUsedAt: Date },
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ expires_at: times.expiresAt, last_used_at: times.lastUsedAt })
    .where('id', '=', sessionId)
    .execute();
}

export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** The ids of the account's sessions it deleted, all but `keepSessionId`. */
export async function deleteOtherSessions(
  db: Executor,
  accountId: string,
  keepSessionId: string,
): Promise<string[]> {
  const rows = await db
    .deleteFrom('sessions')
    .where('account_id', '=', accountId)
    .where('id', '!=', keepSessionId)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** When the session ends now; undefined when it is gone. */
export async function findSessionExpiry(db: Executor, sessionId: string) {
  const row = await db
    .selectFrom('sessions')
    .select('expires_at')
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row?.expires_at;
}

/** When the `nth` most recent matching attempt since `since` happened; undefined if fewer. */
export async function nthRecentAttempt(
  db: Executor,
  where: { kind: AttemptKind; ip?: string; email?: string },
  nth: number,
  since: Date,
): Promise<Date | undefined> {
  let query = db
    .selectFrom('auth_attempts')
    .select('at')
    .where('kind', '=', where.kind)
    .where('at', '>', since);
  if (where.ip !== undefined) query = query.where('ip', '=', where.ip);
  if (where.email !== undefined) query = query.where('email', '=', where.email);
  const row = await query
    .orderBy('at', 'desc')
    .offset(nth - 1)
    .limit(1)
    .executeTakeFirst();
  return row?.at;
}

export async function insertAttempt(
  db: Executor,
  attempt: { kind: AttemptKind; ip: string; email?: string },
): Promise<string> {
  const row = await db
    .insertInto('auth_attempts')
    .values(attempt)
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** Attempts of a kind since `since`, from one IP and/or for one email. */
export async function countAttemptsSince(
  db: Executor,
  where: { kind: AttemptKind; ip?: string; email?: string },
  since: Date,
): Promise<number> {
  let query = db
    .selectFrom('auth_attempts')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('kind', '=', where.kind)
    .where('at', '>', since);
  if (where.ip !== undefined) query = query.where('ip', '=', where.ip);
  if (where.email !== undefined) query = query.where('email', '=', where.email);
  return Number((await query.executeTakeFirstOrThrow()).count);
}

export async function deleteAttempt(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('auth_attempts').where('id', '=', id).execute();
}

/** Keeps the table small without a sweeper: this IP's attempts older than any window go. */
export async function deleteStaleAttempts(db: Executor, ip: string): Promise<void> {
  await db
    .deleteFrom('auth_attempts')
    .where('ip', '=', ip)
    .where('at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
}

export async function deleteLoginFailures(db: Executor, email: string, ip: string): Promise<void> {
  await db
    .deleteFrom('auth_attempts')
    .where('kind', '=', 'login_failure')
    .where('email', '=', email)
    .where('ip', '=', ip)
    .execute();
}

/**
 * Whether the account signed in (or registered) before from this IP, and from this browser: the
 * user agent with its version numbers taken out, so a browser update is not a new browser.
 */
export async function knownSignInOrigin(
  db: Executor,
  accountId: string,
  origin: { ip: string; userAgent: string | undefined },
): Promise<{ ip: boolean; browser: boolean }> {
  const browser = (agent: unknown) => sql<string>`regexp_replace(${agent}, '[0-9]+', '', 'g')`;
  const row = await db
    .selectFrom('audit_events')
    .select([
      sql<boolean>`coalesce(bool_or(ip = ${origin.ip}), false)`.as('ip'),
      sql<boolean>`coalesce(bool_or(${browser(sql`coalesce(user_agent, '')`)} = ${browser(origin.userAgent?.slice(0, 512) ?? '')}), false)`.as(
        'browser',
      ),
    ])
    .where('account_id', '=', accountId)
    .where('action', 'in', ['login.succeeded', 'account.registered'])
    .executeTakeFirstOrThrow();
  return row;
}
