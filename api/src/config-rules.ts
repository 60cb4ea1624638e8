import { z } from 'zod';

/**
 * PUBLIC_URL is pasted unquoted into the install command a node runs as root: only characters
 * that neither bash nor PowerShell nor cmd.exe give a meaning to (no quotes, `$`, `;`, `%`, …).
 */
const PLAIN_URL = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._/-]*)?$/;

export const publicUrl = z
  .string()
  .refine((value) => PLAIN_URL.test(value) && URL.canParse(value), {
    error:
      'must be a plain http(s) URL: host, optional port and path (letters, digits, . _ - /), without credentials, query, fragment, quotes, spaces or shell characters',
  })
  .default('http://localhost:8080')
  .transform((value) => {
    const url = new URL(value);
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  });

/**
 * Credentials written into INFLUX_URL become the user and password (basic authentication), so
 * the URL that is logged, and that fetch errors repeat, holds none.
 */
export function withoutCredentials(value: string, ctx: z.core.$RefinementCtx<string>) {
  const url = new URL(value);
  let user: string | undefined;
  let password: string | undefined;
  try {
    user = decodeURIComponent(url.username) || undefined;
    password = decodeURIComponent(url.password) || undefined;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'has a user or password that is not percent-encoded' });
  }
  url.username = '';
  url.password = '';
  return { url: url.href.replace(/\/+$/, ''), user, password };
}

/** What the production rules read of the environment, once parsed. */
export type ProductionEnv = {
  SERVICE_TOKEN?: string | undefined;
  ALERTS_TOKEN?: string | undefined;
  ADMIN_TOKEN?: string | undefined;
  SECRETS_KEY?: string | undefined;
  INFLUX_TOKEN?: string | undefined;
  INFLUX_PASSWORD?: string | undefined;
  DATABASE_URL?: string | undefined;
  TREASURY_KEYPAIR?: string | undefined;
  SOLANA_RPC_URL?: string | undefined;
};

const ROLE_TOKENS = ['SERVICE_TOKEN', 'ALERTS_TOKEN', 'ADMIN_TOKEN'] as const;
const PRODUCTION_SECRET_LENGTH = 32;
/** 32 random hex digits hold 8 or more different ones all but never (below one in a million). */
const MIN_DISTINCT_CHARACTERS = 8;
/**
 * The placeholder secrets that .env.example (`change-me…`) and docker-compose.yml
 * (`ioworker-dev-…`) ship.
 */
const SHIPPED_PLACEHOLDER = /change-me|ioworker-dev-/i;

type Issue = (name: string, message: string) => void;

/** The first thing wrong with a secret a production API is to trust, if any. */
function weakSecretProblem(secret: string): string | undefined {
  if (SHIPPED_PLACEHOLDER.test(secret))
    return 'is a placeholder from .env.example or docker-compose.yml; set a random secret';
  if (secret.length < PRODUCTION_SECRET_LENGTH)
    return `must be at least ${PRODUCTION_SECRET_LENGTH} characters in production (e.g. openssl rand -hex 32)`;
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS)
    return `must look random: it has fewer than ${MIN_DISTINCT_CHARACTERS} different characters (e.g. openssl rand -hex 32)`;
  return undefined;
}

function checkRoleTokens(env: ProductionEnv, issue: Issue): void {
  const seen = new Map<string, string>();
  for (const name of ROLE_TOKENS) {
    const token = env[name];
    if (!token) continue;
    const problem = weakSecretProblem(token);
    if (problem) issue(name, problem);
    // One token for two roles would let the orchestrator or Grafana act as admin.
    const sameAs = seen.get(token);
    if (sameAs) issue(name, `must differ from ${sameAs}`);
    else seen.set(token, name);
  }
}

function checkOtherSecrets(env: ProductionEnv, issue: Issue): void {
  const secretsKeyProblem = env.SECRETS_KEY && weakSecretProblem(env.SECRETS_KEY);
  if (secretsKeyProblem) issue('SECRETS_KEY', secretsKeyProblem);
  for (const name of ['INFLUX_TOKEN', 'INFLUX_PASSWORD'] as const) {
    if (SHIPPED_PLACEHOLDER.test(env[name] ?? ''))
      issue(name, 'is a placeholder from .env.example or docker-compose.yml; set a random secret');
  }
  const databasePassword = env.DATABASE_URL ? new URL(env.DATABASE_URL).password : '';
  if (SHIPPED_PLACEHOLDER.test(databasePassword)) {
    issue(
      'DATABASE_URL',
      'has a placeholder password from .env.example or docker-compose.yml; set a random one',
    );
  }
}

function checkTreasury(env: ProductionEnv, issue: Issue): void {
  if (env.TREASURY_KEYPAIR && !env.SOLANA_RPC_URL) {
    issue(
      'TREASURY_KEYPAIR',
      'needs SOLANA_RPC_URL in production (without it payouts go to an in-memory development ledger and move no SOL)',
    );
  }
}

/**
 * The rules only production has, beyond the settings it requires: real, distinct,
 * random-looking secrets (never the shipped placeholders), and payouts only on a real chain.
 */
export function checkProductionEnv(env: ProductionEnv, ctx: z.RefinementCtx): void {
  const issue: Issue = (name, message) => ctx.addIssue({ code: 'custom', path: [name], message });
  checkRoleTokens(env, issue);
  checkOtherSecrets(env, issue);
  checkTreasury(env, issue);
}

const DOMAIN_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A WebAuthn relying party id: a bare domain name (browsers refuse IP addresses as one). */
export const webauthnRpId = z
  .string()
  .toLowerCase()
  .refine((value) => DOMAIN_NAME.test(value) && !/^[\d.]+$/.test(value), {
    error: 'must be a domain name such as example.com: no scheme, port or path',
  })
  .optional();

/** Whether a page on `origin` may use passkeys of `rpId`: its host is the id or a subdomain. */
export function isOnRpId(origin: string, rpId: string): boolean {
  const host = new URL(origin).hostname;
  return host === rpId || host.endsWith(`.${rpId}`);
}

/** A WEBAUTHN_RP_ID that no allowed origin is on would make every passkey fail. */
export function checkRelyingParty(
  env: { WEBAUTHN_RP_ID?: string | undefined; ALLOWED_ORIGINS: string[] },
  ctx: z.RefinementCtx,
): void {
  const rpId = env.WEBAUTHN_RP_ID;
  if (!rpId || env.ALLOWED_ORIGINS.some((origin) => isOnRpId(origin, rpId))) return;
  ctx.addIssue({
    code: 'custom',
    path: ['WEBAUTHN_RP_ID'],
    message: `is not the host (or a parent domain) of any origin in ALLOWED_ORIGINS, so no page could use a passkey`,
  });
}

/** A cap in lamports: a whole number above zero, or unset for none. */
export const lamportsCap = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, { error: 'must be a whole number of lamports above 0' })
  .transform(BigInt)
  .optional();

/**
 * Caps below the minimum would hold every payout; a daily cap below the per-payout cap would
 * hold, for approval, payouts the per-payout cap lets through.
 */
export function checkPayoutCaps(
  env: {
    PAYOUT_MIN_LAMPORTS: bigint;
    PAYOUT_MAX_LAMPORTS?: bigint | undefined;
    PAYOUT_DAILY_MAX_LAMPORTS?: bigint | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const { PAYOUT_MIN_LAMPORTS: min, PAYOUT_MAX_LAMPORTS: max } = env;
  const daily = env.PAYOUT_DAILY_MAX_LAMPORTS;
  // Zod runs this even when a value failed its own check: compare only what parsed.
  if (![min, max ?? 0n, daily ?? 0n].every((value) => typeof value === 'bigint')) return;
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [path], message });
  if (max !== undefined && max < min) {
    issue('PAYOUT_MAX_LAMPORTS', `must be at least PAYOUT_MIN_LAMPORTS (${min})`);
  }
  if (daily !== undefined && daily < (max ?? min)) {
    issue(
      'PAYOUT_DAILY_MAX_LAMPORTS',
      max === undefined
        ? `must be at least PAYOUT_MIN_LAMPORTS (${min})`
        : `must be at least PAYOUT_MAX_LAMPORTS (${max})`,
    );
  }
}
