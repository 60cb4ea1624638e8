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
  | 'session.revoked'
  | 'device.created'
  | 'device.renamed'
  | 'device.deleted'
  | 'device.enrollment_issued'
  | 'device.enrolled'
  | 'wallet.changed';

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
