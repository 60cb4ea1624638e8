import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeTelegram,
  type FakeTelegram,
} from '../features/channels/senders/test/fake-telegram.js';
import {
  createDevice,
  enroll,
  PASSWORD,
  registerUser,
  uniqueEmail,
  type TestUser,
} from './http.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from './test-api.js';

/**
 * Every route of the API × every kind of credential: who gets in. The routes come from the
 * app's own OpenAPI document, so a route added without a row here fails the first test.
 * 'ok' means the credential got past authentication (any answer but a refusal: 2xx, 400, 404,
 * 409, 503…); 401 and 403 are authentication's refusals.
 */
type Outcome = 'ok' | 401 | 403;
const CREDENTIALS = [
  'none',
  'session',
  'read token',
  'write token',
  'device',
  'service',
  'alerts',
  'admin',
] as const;
type Credential = (typeof CREDENTIALS)[number];
type Access = Record<Credential, Outcome>;

function access(...outcomes: Outcome[]): Access {
  return Object.fromEntries(CREDENTIALS.map((name, index) => [name, outcomes[index]])) as Access;
}

//                           none   session  read   write  device service alerts admin
const PUBLIC = /*       */ access('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
const USER_READ = /*    */ access(401, 'ok', 'ok', 'ok', 401, 401, 401, 401);
const USER_WRITE = /*   */ access(401, 'ok', 403, 'ok', 401, 401, 401, 401);
const SESSION_ONLY = /* */ access(401, 'ok', 403, 403, 401, 401, 401, 401);
const NODE = /*         */ access(401, 401, 401, 401, 'ok', 401, 401, 401);
const SERVICE = /*      */ access(401, 401, 401, 401, 401, 'ok', 401, 401);
const ALERTS = /*       */ access(401, 401, 401, 401, 401, 401, 'ok', 401);
const ADMIN = /*        */ access(401, 401, 401, 401, 401, 401, 401, 'ok');
/** Telegram's own secret header, which none of these credentials is. */
const TELEGRAM = /*     */ access(401, 401, 401, 401, 401, 401, 401, 401);

type Body = unknown | (() => Promise<unknown>);

const ID = '{id}';
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** Each route, who may call it, and a body that would pass validation where that is easy. */
const ROUTES: [route: string, access: Access, body?: Body][] = [
  ['GET /healthz', PUBLIC],
  ['GET /readyz', PUBLIC],
  ['GET /install.sh', PUBLIC],
  ['GET /install.ps1', PUBLIC],
  ['GET /downloads/io-worker-collector.mjs', PUBLIC],
  ['GET /downloads/io-worker-collector.mjs.sha256', PUBLIC],
  ['POST /v1/auth/register', PUBLIC, () => ({ email: uniqueEmail('matrix'), password: PASSWORD })],
  ['POST /v1/auth/login', PUBLIC, () => ({ email: user.email, password: PASSWORD })],
  ['POST /v1/auth/logout', SESSION_ONLY],
  ['POST /v1/auth/verify-email', PUBLIC, { token: 'not-a-mailed-token' }],
  ['POST /v1/auth/verify-email/resend', USER_WRITE],
  ['POST /v1/auth/password-reset', PUBLIC, () => ({ email: uniqueEmail('nobody') })],
  [
    'POST /v1/auth/password-reset/confirm',
    PUBLIC,
    { token: 'not-a-mailed-token', newPassword: 'a new long password' },
  ],
  ['POST /v1/auth/email-change/confirm', PUBLIC, { token: 'not-a-mailed-token' }],
  ['POST /v1/auth/sessions/end', PUBLIC, { token: 'not-a-mailed-token' }],
  ['GET /v1/me', USER_READ],
  ['PATCH /v1/me/settings', USER_WRITE, { timezone: 'UTC' }],
  ['POST /v1/me/password', SESSION_ONLY, { currentPassword: PASSWORD, newPassword: PASSWORD }],
  ['POST /v1/me/email', SESSION_ONLY, () => ({ newEmail: uniqueEmail('new'), password: PASSWORD })],
  ['GET /v1/me/2fa', USER_READ],
  ['POST /v1/me/2fa/totp', SESSION_ONLY, { password: PASSWORD }],
  ['POST /v1/me/2fa/totp/confirm', SESSION_ONLY, { code: '123456' }],
  ['DELETE /v1/me/2fa/totp', SESSION_ONLY, { password: PASSWORD, code: '123456' }],
  ['POST /v1/me/2fa/recovery-codes', SESSION_ONLY, { password: PASSWORD, code: '123456' }],
  // An unknown mfaToken is the handler's 401; an invalid body shows no credential is turned away.
  ['POST /v1/auth/login/2fa', PUBLIC, { mfaToken: '', code: 'abc' }],
  ['POST /v1/me/passkeys/options', SESSION_ONLY],
  ['POST /v1/me/passkeys', SESSION_ONLY, { response: {} }],
  ['GET /v1/me/passkeys', USER_READ],
  [`DELETE /v1/me/passkeys/${ID}`, SESSION_ONLY, { password: PASSWORD }],
  ['POST /v1/me/passkeys/assertion-options', SESSION_ONLY],
  ['POST /v1/auth/passkey/options', PUBLIC, {}],
  // A made-up assertion is the handler's 401; an invalid body shows no credential is turned away.
  ['POST /v1/auth/passkey', PUBLIC, {}],
  ['GET /v1/me/sessions', USER_READ],
  [`DELETE /v1/me/sessions/${ID}`, SESSION_ONLY],
  ['GET /v1/me/tokens', USER_READ],
  ['POST /v1/me/tokens', SESSION_ONLY, { name: 'matrix', scope: 'read' }],
  [`DELETE /v1/me/tokens/${ID}`, SESSION_ONLY],
  ['GET /v1/me/security-events', USER_READ],
  ['GET /v1/fleet-tokens', USER_READ],
  ['POST /v1/fleet-tokens', USER_WRITE, { name: 'matrix-fleet', maxDevices: 1, expiresInDays: 1 }],
  [`DELETE /v1/fleet-tokens/${ID}`, USER_WRITE],
  ['GET /v1/overview', USER_READ],
  ['GET /v1/fleet/history', USER_READ],
  ['GET /v1/devices', USER_READ],
  ['POST /v1/devices', USER_WRITE, { name: 'matrix-rig', os: 'ubuntu' }],
  [`GET /v1/devices/${ID}`, USER_READ],
  [`PATCH /v1/devices/${ID}`, USER_WRITE, { name: 'renamed' }],
  [`DELETE /v1/devices/${ID}`, USER_WRITE],
  [`POST /v1/devices/${ID}/enrollment`, USER_WRITE],
  [`GET /v1/devices/${ID}/metrics`, USER_READ],
  [`GET /v1/devices/${ID}/uptime`, USER_READ],
  [`GET /v1/devices/${ID}/health`, USER_READ],
  [`GET /v1/devices/${ID}/services`, USER_READ],
  [`GET /v1/devices/${ID}/insights`, USER_READ],
  ['GET /v1/insights', USER_READ],
  [`GET /v1/devices/${ID}/jobs`, USER_READ],
  [`GET /v1/devices/${ID}/notifications`, USER_READ],
  [`GET /v1/devices/${ID}/notification-rules`, USER_READ],
  [`PUT /v1/devices/${ID}/notification-rules`, USER_WRITE, { rules: [] }],
  [`POST /v1/devices/${ID}/mute`, USER_WRITE, () => ({ until: inAnHour() })],
  [`DELETE /v1/devices/${ID}/mute`, USER_WRITE],
  [`POST /v1/devices/${ID}/pause`, USER_WRITE],
  [`POST /v1/devices/${ID}/resume`, USER_WRITE],
  ['GET /v1/schedulable-devices', SERVICE],
  [`GET /v1/devices/${ID}/profitability`, USER_READ],
  [
    'POST /v1/enroll',
    PUBLIC,
    async () => ({ token: await enrollmentToken(), hostname: 'matrix', os: 'Ubuntu', gpus: [] }),
  ],
  ['POST /api/v2/write', NODE, () => `host interval_s=10 ${Date.now()}000000`],
  ['GET /v1/events', USER_READ],
  ['GET /v1/notifications', USER_READ],
  ['GET /v1/notification-channels', USER_READ],
  ['POST /v1/notification-channels', USER_WRITE, { kind: 'email', target: 'ops@example.com' }],
  [`PATCH /v1/notification-channels/${ID}`, USER_WRITE, { name: 'renamed' }],
  [`DELETE /v1/notification-channels/${ID}`, USER_WRITE],
  [`POST /v1/notification-channels/${ID}/verify`, USER_WRITE, { code: '123456' }],
  [`POST /v1/notification-channels/${ID}/test`, USER_WRITE],
  ['POST /v1/telegram/webhook', TELEGRAM, { update_id: 1 }],
  ['GET /v1/notification-rules', USER_READ],
  ['PUT /v1/notification-rules', USER_WRITE, { rules: [], quietHours: null }],
  ['GET /v1/jobs', USER_READ],
  [
    'POST /v1/jobs',
    SERVICE,
    () => ({
      externalId: `matrix-${randomUUID()}`,
      deviceId: randomUUID(),
      status: 'running',
      startedAt: new Date().toISOString(),
    }),
  ],
  ['GET /v1/earnings/summary', USER_READ],
  ['GET /v1/earnings/history', USER_READ],
  ['GET /v1/earnings/daily', USER_READ],
  ['GET /v1/earnings/efficiency', USER_READ],
  ['GET /v1/earnings/history.csv', USER_READ],
  ['GET /v1/wallet', USER_READ],
  [
    'PUT /v1/wallet',
    SESSION_ONLY,
    { address: 'Vote111111111111111111111111111111111111111', password: PASSWORD },
  ],
  ['GET /v1/payouts', USER_READ],
  ['POST /v1/admin/payouts/run', ADMIN],
  ['POST /v1/admin/payouts/reconcile', ADMIN],
  ['POST /v1/admin/payouts/{id}/approve', ADMIN],
  ['POST /v1/admin/payouts/{id}/decline', ADMIN],
  ['GET /v1/statements', USER_READ],
  ['GET /v1/statements/{month}', USER_READ],
  ['POST /v1/admin/earnings/rollups/check', ADMIN],
  ['POST /v1/admin/accounts/email-verified', ADMIN, () => ({ email: user.email })],
  ['POST /v1/alerts/grafana', ALERTS, { alerts: [] }],
  [
    'POST /v1/profitability/estimate',
    PUBLIC,
    { gpuModel: 'NVIDIA GeForce RTX 4090', gpuCount: 1, electricityPrice: '0.15', hoursPerDay: 24 },
  ],
];

const TELEGRAM_BOT_TOKEN = '123456:matrix-bot-token-abcdefghijklmnop';
let telegram: FakeTelegram;
let api: TestApi;
let user: TestUser;
const headersOf = {} as Record<Credential, () => Promise<Record<string, string>>>;

let lastOctet = 0;
/** Each request from its own address: no per-IP limit (registration, sign-in) gets in the way. */
function nextIp(): string {
  lastOctet += 1;
  return `10.77.${Math.floor(lastOctet / 250) % 250}.${lastOctet % 250}`;
}

/** A fresh session each time: some routes end the one they are called with. */
async function signIn(): Promise<string> {
  const reply = await fetch(`${api.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.76.0.1' },
    body: JSON.stringify({ email: user.email, password: PASSWORD }),
  });
  return ((await reply.json()) as { token: string }).token;
}

async function enrollmentToken(): Promise<string> {
  const created = await createDevice(api.url, { ...user, token: await signIn() }, 'enrollee');
  return created.enrollment.token;
}

async function newToken(scope: 'read' | 'write'): Promise<string> {
  const reply = await fetch(`${api.url}/v1/me/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await signIn()}` },
    body: JSON.stringify({ name: `matrix-${scope}`, scope, password: PASSWORD }),
  });
  return ((await reply.json()) as { token: string }).token;
}

beforeAll(async () => {
  telegram = await startFakeTelegram(TELEGRAM_BOT_TOKEN);
  // https and a bot token turn the Telegram webhook on, so its route answers for its secret.
  api = await startTestApi({
    TELEGRAM_BOT_TOKEN,
    TELEGRAM_API_URL: telegram.url,
    PUBLIC_URL: 'https://ioworker.example.com',
  });
  user = await registerUser(api.url);
  const [read, write] = [await newToken('read'), await newToken('write')];
  const device = (await enroll(api.url, await enrollmentToken())).body.credential as string;
  const bearer = (token: string) => async () => ({ authorization: `Bearer ${token}` });
  Object.assign(headersOf, {
    none: async () => ({}),
    session: async () => ({ authorization: `Bearer ${await signIn()}` }),
    'read token': bearer(read),
    'write token': bearer(write),
    device: async () => ({ authorization: `Token ${device}` }),
    service: bearer(ROLE_TOKENS.SERVICE_TOKEN),
    alerts: bearer(ROLE_TOKENS.ALERTS_TOKEN),
    admin: bearer(ROLE_TOKENS.ADMIN_TOKEN),
  });
});
afterAll(async () => {
  await api.close();
  await telegram.close();
});

/** Malformed on purpose: a path id the API never issues, a bad query, a body of the wrong shape. */
const MALFORMED = { id: 'not-an-id', query: '?limit=oops&days=0&from=yesterday', body: [] };

async function outcomeOf(
  route: string,
  credential: Credential,
  request: { id: string; query?: string; body: Body },
): Promise<Outcome> {
  const [method, template] = route.split(' ') as [string, string];
  const given = typeof request.body === 'function' ? await request.body() : request.body;
  const resolved = method === 'GET' ? undefined : given;
  const text = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  const url = `${api.url}${template.replace(ID, request.id)}${request.query ?? ''}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...(await headersOf[credential]()),
      'x-forwarded-for': nextIp(),
      ...(resolved !== undefined && {
        'content-type': typeof resolved === 'string' ? 'text/plain' : 'application/json',
      }),
    },
    body: resolved === undefined ? undefined : text,
  });
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return response.status === 200 ? 'ok' : (response.status as Outcome);
  }
  const answer = await response.text();
  if (response.status === 401) return 401;
  // Only authentication's own 403s: a wrong password confirmation is the handler's answer.
  if (response.status === 403 && /"(session_required|insufficient_scope)"/.test(answer)) {
    return 403;
  }
  return 'ok';
}

describe('every route × every credential', () => {
  it('the table names exactly the routes of the OpenAPI document', async () => {
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const hint = 'add each new route to ROUTES in route-access.test.ts';
    expect(ROUTES.map(([route]) => route).sort(), hint).toEqual(documented.sort());
  });

  it('the document says which routes take a personal token', async () => {
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    };
    for (const [route, expected] of ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      const schemes = (document.paths[path]?.[method.toLowerCase()]?.security ?? []).flatMap(
        (requirement) => Object.keys(requirement),
      );
      const takesTokens = expected === USER_READ || expected === USER_WRITE;
      expect(schemes.includes('personalToken'), route).toBe(takesTokens);
    }
  });

  it.each(ROUTES)('%s', async (route, expected, body) => {
    const actual = {} as Access;
    for (const credential of CREDENTIALS) {
      actual[credential] = await outcomeOf(route, credential, { id: randomUUID(), body });
    }
    expect(actual).toEqual(expected);
    // Authentication comes before validation: a malformed request is refused the same way.
    const refused = CREDENTIALS.filter((credential) => expected[credential] !== 'ok');
    const malformed = {} as Partial<Access>;
    for (const credential of refused) {
      malformed[credential] = await outcomeOf(route, credential, MALFORMED);
    }
    expect(malformed).toEqual(Object.fromEntries(refused.map((name) => [name, expected[name]])));
  });
});
