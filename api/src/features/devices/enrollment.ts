import type { Executor, StoredGpu } from '../../db/database.js';
import { generateToken, hashToken } from '../../lib/secrets.js';
import {
  replaceEnrollmentToken,
  spendEnrollmentToken,
  storeEnrollment,
} from './enrollment.queries.js';

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
  await replaceEnrollmentToken(db, deviceId, { hash: hashToken(token), expiresAt });
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
  const deviceId = await spendEnrollmentToken(db, hashToken(token));
  if (!deviceId) return undefined;
  const credential = generateToken(32, 'iowd_');
  const device = await storeEnrollment(db, deviceId, {
    credentialHash: hashToken(credential),
    ...node,
  });
  if (!device) return undefined;
  return { deviceId: device.id, accountId: device.account_id, credential };
}
