import { randomUUID } from 'node:crypto';
import { PASSWORD, uniqueEmail } from './http.js';

/** What a table body needs of the running test: its user, and a fresh enrollment token. */
export type RouteContext = { userEmail(): string; enrollmentToken(): Promise<string> };

export type Outcome = 'ok' | 401 | 403;
export const CREDENTIALS = [
  'none',
  'session',
  'read token',
  'write token',
  'device',
  'service',
  'alerts',
  'admin',
] as const;
export type Credential = (typeof CREDENTIALS)[number];
export type Access = Record<Credential, Outcome>;

function access(...outcomes: Outcome[]): Access {
  return Object.fromEntries(CREDENTIALS.map((name, index) => [name, outcomes[index]])) as Access;
}

//                           none   session  read   write  device service alerts admin
const PUBLIC = /*       */ access('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
export const USER_READ = /*    */ access(401, 'ok', 'ok', 'ok', 401, 401, 401, 401);
export const USER_WRITE = /*   */ access(401, 'ok', 403, 'ok', 401, 401, 401, 401);
const SESSION_ONLY = /* */ access(401, 'ok', 403, 403, 401, 401, 401, 401);
const NODE = /*         */ access(401, 401, 401, 401, 'ok', 401, 401, 401);
const SERVICE = /*      */ access(401, 401, 401, 401, 401, 'ok', 401, 401);
const ALERTS = /*       */ access(401, 401, 401, 401, 401, 401, 'ok', 401);
const ADMIN = /*        */ access(401, 401, 401, 401, 401, 401, 401, 'ok');
/** Telegram's own secret header, which none of these credentials is. */
const TELEGRAM = /*     */ access(401, 401, 401, 401, 401, 401, 401, 401);

export type Body = unknown | (() => Promise<unknown>);

export const ID = '{id}';
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

/** Each route, who may call it, and a body that would pass validation where that is easy. */
export function routeTable(context: RouteContext): [route: string, access: Access, body?: Body][] {
  return [
    ['GET /healthz', PUBLIC],
    ['GET /readyz', PUBLIC],
    ['GET /install.sh', PUBLIC],
    ['GET /install.ps1', PUBLIC],
    ['GET /downloads/io-worker-collector.mjs', PUBLIC],
    ['GET /downloads/io-worker-collector.mjs.sha256', PUBLIC],
    ['GET /downloads/nvml/package.json', PUBLIC],
    ['GET /downloads/nvml/package-lock.json', PUBLIC],
    [
      'POST /v1/auth/register',
      PUBLIC,
      () => ({ email: uniqueEmail('matrix'), password: PASSWORD }),
    ],
    ['POST /v1/auth/login', PUBLIC, () => ({ email: context.userEmail(), password: PASSWORD })],
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
    [
      'POST /v1/me/email',
      SESSION_ONLY,
      () => ({ newEmail: uniqueEmail('new'), password: PASSWORD }),
    ],
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
    [
      'POST /v1/fleet-tokens',
      USER_WRITE,
      { name: 'matrix-fleet', maxDevices: 1, expiresInDays: 1 },
    ],
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
      async () => ({
        token: await context.enrollmentToken(),
        hostname: 'matrix',
        os: 'Ubuntu',
        gpus: [],
      }),
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
    ['POST /v1/admin/accounts/email-verified', ADMIN, () => ({ email: context.userEmail() })],
    ['POST /v1/alerts/grafana', ALERTS, { alerts: [] }],
    [
      'POST /v1/profitability/estimate',
      PUBLIC,
      {
        gpuModel: 'NVIDIA GeForce RTX 4090',
        gpuCount: 1,
        electricityPrice: '0.15',
        hoursPerDay: 24,
      },
    ],
  ];
}
