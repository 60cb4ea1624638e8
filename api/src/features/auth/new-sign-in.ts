import type { AppDeps } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { notify } from '../notifications/notifications.service.js';
import { knownSignInOrigin } from './auth.queries.js';

type Origin = { ip: string; userAgent: string | undefined };

/**
 * A sign-in from an IP address or a browser the account never signed in from is a security
 * alert (GitHub and Google send the same), sent at once to every verified channel. Called in
 * the sign-in's transaction, before it is recorded.
 */
export async function alertIfNewSignIn(
  db: Executor,
  deps: Pick<AppDeps, 'events' | 'config'>,
  accountId: string,
  origin: Origin,
): Promise<void> {
  const known = await knownSignInOrigin(db, accountId, origin);
  if (known.ip && known.browser) return;
  const what = [known.browser ? '' : 'a new browser', known.ip ? '' : `a new IP address`]
    .filter(Boolean)
    .join(' and ');
  await notify(db, deps, {
    accountId,
    deviceId: null,
    kind: 'auth.new_login',
    alert: { event: 'auth.new_login', status: 'firing' },
    severity: 'warning',
    title: `New sign-in to your IO Worker account from ${what}`,
    message:
      `Signed in at ${new Date().toISOString()} from ${origin.ip} with ` +
      `${origin.userAgent?.slice(0, 200) ?? 'an unnamed client'}. If it was not you, change your ` +
      'password now and sign out the other sessions in Settings.',
  });
}
