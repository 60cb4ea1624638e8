import type { Executor, StoredGpu } from '../../db/database.js';
import { generateToken, hashToken } from '../../lib/secrets.js';

const ENROLLMENT_TOKEN_TTL_MS = 60 * 60 * 1000;

/** One-line install commands; the token is base32 with a prefix, so it needs no quoting. */
export function installCommands(publicUrl: string, token: string) {
  return {
    ubuntu: `curl -fsSL ${publicUrl}/install.sh | sudo bash -s -- --api ${publicUrl} --token ${token}`,
    windows: `powershell -NoProfile -ExecutionPolicy Bypass -Command "& ([scriptblock]::Create((irm '${publicUrl}/install.ps1'))) -Api '${publicUrl}' -Token '${token}'"`,
  };
}

/** A new single-use token for the device; any earlier unused one stops working. */
export async function issueEnrollmentToken(db: Executor, deviceId: string, publicUrl: string) {
  const token = generateToken(20, 'iowe_');
  const expiresAt = new Date(Date.now() + ENROLLMENT_TOKEN_TTL_MS);
  await db
    .deleteFrom('enrollment_tokens')
    .where('device_id', '=', deviceId)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('enrollment_tokens')
    .values({ device_id: deviceId, token_hash: hashToken(token), expires_at: expiresAt })
    .execute();
  return { token, expiresAt: expiresAt.toISOString(), commands: installCommands(publicUrl, token) };
}

export type NodeFacts = { hostname: string; os: string; gpus: StoredGpu[] };

/**
 * Spends the token (atomically: a second use finds it used) and gives the device a new
 * credential, which replaces the old one. Undefined when the token is not valid.
 */
export async function redeemEnrollmentToken(
  db: Executor,
  token: string,
  node: NodeFacts,
): Promise<{ deviceId: string; accountId: string; credential: string } | undefined> {
  const spent = await db
    .updateTable('enrollment_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('device_id')
    .executeTakeFirst();
  if (!spent) return undefined;
  const credential = generateToken(32, 'iowd_');
  const device = await db
    .updateTable('devices')
    .set({
      credential_hash: hashToken(credential),
      hostname: node.hostname,
      host_os: node.os,
      gpus: JSON.stringify(node.gpus),
      enrolled_at: new Date(),
    })
    .where('id', '=', spent.device_id)
    .where('deleted_at', 'is', null)
    .returning(['id', 'account_id'])
    .executeTakeFirst();
  if (!device) return undefined;
  return { deviceId: device.id, accountId: device.account_id, credential };
}
