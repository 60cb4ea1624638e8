import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../../lib/api-error.js';
import type { AppDeps, AppEnv, AuthenticatedDevice, SignedInUser } from '../../app-env.js';
import { hashToken, secretsEqual } from '../../lib/secrets.js';
import { isPersonalToken, validatePersonalToken } from '../tokens/personal-tokens.js';
import { SESSION_COOKIE, setSessionCookie, validateSessionToken } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a `read` personal API token may send. */
const READ_METHODS = new Set(['GET', 'HEAD']);

function credentialFrom(
  header: string | undefined,
  scheme: 'Bearer' | 'Token',
): string | undefined {
  if (!header) return undefined;
  const [given, value] = header.split(' ', 2);
  if (given?.toLowerCase() !== scheme.toLowerCase() || !value) return undefined;
  return value.trim() || undefined;
}

/**
 * Signed-in users: the session token as `Authorization: Bearer` or the `iow_session` cookie,
 * or a personal API token as `Authorization: Bearer iowp_…` (a `read` one only for GET and HEAD).
 * A cookie-authenticated write must come from an allowed Origin: Hono's csrf() only covers forms.
 */
export const requireUser = createMiddleware<AppEnv>(async function requireUser(c, next) {
  c.set('user', await authenticateUser(c, { personalTokens: true }));
  await next();
});

/**
 * Like requireUser, but only a session opens the route, never a personal API token (403
 * `session_required`). Routes take it by spreading `sessionOnly` (session-only.ts).
 */
export const requireSession = createMiddleware<AppEnv>(async function requireSession(c, next) {
  c.set('user', await authenticateUser(c, { personalTokens: false }));
  await next();
});

async function authenticateUser(
  c: Context<AppEnv>,
  options: { personalTokens: boolean },
): Promise<SignedInUser> {
  const { db, config } = c.var.deps;
  const authorization = c.req.header('authorization');
  const bearer = credentialFrom(authorization, 'Bearer');
  if (bearer && isPersonalToken(bearer)) return userOfToken(c, bearer, options);
  const token = authorization ? bearer : getCookie(c, SESSION_COOKIE);
  if (!token) throw ApiError.unauthorized();
  const session = await validateSessionToken(db, token);
  if (!session) throw ApiError.unauthorized('Your session has ended. Sign in again.');
  if (!bearer) {
    assertAllowedOrigin(c.req.method, c.req.header('origin'), config.allowedOrigins);
    if (session.renewed) setSessionCookie(c, token, session.expiresAt, config.secureCookies);
  }
  return {
    accountId: session.accountId,
    email: session.email,
    credential: { kind: 'session', sessionId: session.id },
  };
}

async function userOfToken(
  c: Context<AppEnv>,
  token: string,
  options: { personalTokens: boolean },
): Promise<SignedInUser> {
  const found = await validatePersonalToken(c.var.deps.db, token);
  if (!found) {
    throw ApiError.unauthorized(
      'This API token is not valid: it was revoked or has expired.',
      'invalid_token',
    );
  }
  if (!options.personalTokens) {
    throw ApiError.forbidden(
      'session_required',
      'This needs a signed-in session: API tokens cannot change the password, email, two-factor, tokens or wallet, or sign out.',
    );
  }
  if (found.scope === 'read' && !READ_METHODS.has(c.req.method)) {
    throw ApiError.forbidden(
      'insufficient_scope',
      'This API token can only read (GET); a write token is needed.',
    );
  }
  return {
    accountId: found.accountId,
    email: found.email,
    credential: { kind: 'token', tokenId: found.id, scope: found.scope },
  };
}

/** The session of a route behind requireSession, which let no other credential through. */
export function sessionIdOf(user: SignedInUser): string {
  if (user.credential.kind !== 'session') throw new Error('this route must use requireSession');
  return user.credential.sessionId;
}

/**
 * Unsafe methods with cookie credentials must carry an allowed Origin (browsers always send it
 * on cross-site and same-site writes). `required: false` is for login and register: they carry
 * no credential yet, so only a present, foreign Origin is refused.
 */
export function assertAllowedOrigin(
  method: string,
  origin: string | undefined,
  allowed: readonly string[],
  required = true,
): void {
  if (SAFE_METHODS.has(method)) return;
  if (origin === undefined && !required) return;
  if (origin === undefined || !allowed.includes(origin)) {
    throw ApiError.forbidden(
      'origin_not_allowed',
      'This request must come from an allowed origin (see ALLOWED_ORIGINS).',
    );
  }
}

/**
 * The device whose credential `Authorization: Token …` carries, looked up by its hash (cached:
 * ingest/credential-cache.ts); 401 otherwise.
 */
export async function deviceOf(
  deps: Pick<AppDeps, 'deviceCredentials'>,
  authorization: string | undefined,
): Promise<AuthenticatedDevice> {
  const credential = credentialFrom(authorization, 'Token');
  if (!credential)
    throw ApiError.unauthorized('A device credential is required.', 'invalid_credential');
  const device = await deps.deviceCredentials.find(hashToken(credential));
  if (!device)
    throw ApiError.unauthorized('This device credential is not valid.', 'invalid_credential');
  return device;
}

/** Nodes: `Authorization: Token <device credential>`. */
export const requireDevice = createMiddleware<AppEnv>(async function requireDevice(c, next) {
  c.set('device', await deviceOf(c.var.deps, c.req.header('authorization')));
  await next();
});

export type Role = 'service' | 'alerts' | 'admin';

/** Machine roles: each Bearer token opens only its own routes; an unset token opens nothing. */
export function requireRole(role: Role) {
  return createMiddleware<AppEnv>(async function requireRole(c, next) {
    const expected = c.var.deps.config.roleTokens[role];
    const given = credentialFrom(c.req.header('authorization'), 'Bearer');
    if (!expected || !given || !secretsEqual(given, expected)) {
      throw ApiError.unauthorized(`This route needs the ${role} token.`, 'invalid_token');
    }
    await next();
  });
}
