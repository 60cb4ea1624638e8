import type { Context } from 'hono';
import type { Executor } from '../../db/database.js';
import type { AppEnv } from '../../app-env.js';
import { clientIp } from '../../lib/client-ip.js';
import { insertAuditEvent } from './audit.queries.js';

export type AuditAction =
  | 'account.registered'
  | 'login.succeeded'
  | 'login.failed'
  | 'logout'
  | 'password.changed'
  | 'password.reset'
  | '2fa.enabled'
  | '2fa.disabled'
  | '2fa.recovery_codes_replaced'
  | 'passkey.added'
  | 'passkey.removed'
  | 'email.verified'
  | 'email.change_requested'
  | 'email.changed'
  | 'session.revoked'
  | 'device.created'
  | 'device.renamed'
  | 'device.paused'
  | 'device.resumed'
  | 'device.deleted'
  | 'device.enrollment_issued'
  | 'device.enrolled'
  | 'wallet.changed'
  | 'token.created'
  | 'token.revoked'
  | 'fleet_token.created'
  | 'fleet_token.revoked'
  | 'payout.approved'
  | 'payout.declined';

/**
 * Whether the account's own security log (GET /v1/me/security-events) shows each action: every
 * new action must choose here, so a security-relevant one cannot be left out by accident.
 */
const IN_SECURITY_LOG = {
  'account.registered': true,
  'login.succeeded': true,
  'login.failed': true,
  logout: true,
  'password.changed': true,
  'password.reset': true,
  '2fa.enabled': true,
  '2fa.disabled': true,
  '2fa.recovery_codes_replaced': true,
  'passkey.added': true,
  'passkey.removed': true,
  'email.verified': true,
  'email.change_requested': true,
  'email.changed': true,
  'session.revoked': true,
  'wallet.changed': true,
  'token.created': true,
  'token.revoked': true,
  'fleet_token.created': true,
  'fleet_token.revoked': true,
  'device.created': false,
  'device.renamed': false,
  'device.paused': false,
  'device.resumed': false,
  'device.deleted': false,
  'device.enrollment_issued': false,
  'device.enrolled': false,
  'payout.approved': false,
  'payout.declined': false,
} as const satisfies Record<AuditAction, boolean>;

/** The actions GET /v1/me/security-events lists: the plugin words each one. */
export type SecurityLogAction = {
  [Action in AuditAction]: (typeof IN_SECURITY_LOG)[Action] extends true ? Action : never;
}[AuditAction];

export const SECURITY_LOG_ACTIONS = (Object.keys(IN_SECURITY_LOG) as AuditAction[]).filter(
  (action) => IN_SECURITY_LOG[action],
);

export type AuditEntry = {
  action: AuditAction;
  accountId: string | null;
  deviceId?: string;
  /** Never a secret: no passwords, tokens or pasted keys. */
  details?: Record<string, string | number | boolean | null>;
};

/** Records who did what, from where. Called inside the transaction of the change it records. */
export async function recordAudit(
  db: Executor,
  c: Context<AppEnv>,
  entry: AuditEntry,
): Promise<void> {
  await insertAuditEvent(db, {
    account_id: entry.accountId,
    action: entry.action,
    device_id: entry.deviceId ?? null,
    ip: clientIp(c, c.var.deps.config.trustProxy),
    user_agent: c.req.header('user-agent')?.slice(0, 512) ?? null,
    details: JSON.stringify(entry.details ?? {}),
  });
}
