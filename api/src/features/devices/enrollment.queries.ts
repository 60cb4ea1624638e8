import type { Executor, StoredGpu } from '../../db/database.js';

/** Stores a new enrollment token's hash; any earlier unused one stops working. */
export async function replaceEnrollmentToken(
  db: Executor,
  deviceId: string,
  token: { hash: string; expiresAt: Date },
): Promise<void> {
  await db
    .deleteFrom('enrollment_tokens')
    .where('device_id', '=', deviceId)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('enrollment_tokens')
    .values({ device_id: deviceId, token_hash: token.hash, expires_at: token.expiresAt })
    .execute();
}

/** Marks the token used, atomically: a second use finds it used. Its device, if it was valid. */
export async function spendEnrollmentToken(
  db: Executor,
  tokenHash: string,
): Promise<string | undefined> {
  const spent = await db
    .updateTable('enrollment_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('device_id')
    .executeTakeFirst();
  return spent?.device_id;
}

/** The device's new credential (its hash) and what the node told about itself. */
export function storeEnrollment(
  db: Executor,
  deviceId: string,
  enrollment: { credentialHash: string; hostname: string; os: string; gpus: StoredGpu[] },
) {
  return db
    .updateTable('devices')
    .set({
      credential_hash: enrollment.credentialHash,
      hostname: enrollment.hostname,
      host_os: enrollment.os,
      gpus: JSON.stringify(enrollment.gpus),
      enrolled_at: new Date(),
    })
    .where('id', '=', deviceId)
    .where('deleted_at', 'is', null)
    .returning(['id', 'account_id'])
    .executeTakeFirst();
}
