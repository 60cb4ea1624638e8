import type { AppDeps } from '../../app-env.js';

/**
 * A device's credential stopped working (deleted, or enrolled anew): this instance forgets it
 * now, and every instance hears `device.revoked` on the bus (credential-cache.ts).
 */
export async function revokeCredential(
  deps: Pick<AppDeps, 'events' | 'deviceCredentials' | 'logger'>,
  accountId: string,
  deviceId: string,
): Promise<void> {
  deps.deviceCredentials.forget(deviceId);
  await deps.events
    .publish(accountId, { type: 'device.revoked', data: { deviceId } })
    .catch((error: Error) =>
      // The periodic check of cached credentials still drops it within its period.
      deps.logger.warn({ err: error.message }, 'announcing a revoked device credential failed'),
    );
}
