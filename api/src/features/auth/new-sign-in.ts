import type { AppDeps } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { notify } from '../notifications/notifications.service.js';
import { issueLink } from '../account/account-mail.js';
import { knownSignInOrigin } from './auth.queries.js';

type Origin = { ip: string; userAgent: string | undefined };

const END_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The client as the message names it: its user agent quoted and cut short, since whoever signs
 * in writes it and must not get to write the alert's words.
 */
function browserOf(userAgent: string | undefined): string {
  const printable = userAgent?.replace(/[^\x20-\x7e]/g, '').trim();
  if (!printable) return 'an unnamed client';
  const cut = printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
  return `the client “${cut}”`;
}

/**
 * A sign-in from an IP address or a browser the account never signed in from is a security
 * alert (GitHub and Google send the same), sent at once to every verified channel. Called in
 * the sign-in's transaction, before it is recorded.
 */
export async function alertIfNewSignIn(
  db: Executor,
  deps: Pick<AppDeps, 'events' | 'config' | 'secrets'>,
  session: { accountId: string; sessionId: string },
  origin: Origin,
): Promise<void> {
  const { accountId } = session;
  const known = await knownSignInOrigin(db, accountId, origin);
  if (known.ip && known.browser) return;
  const what = [known.browser ? '' : 'a new browser', known.ip ? '' : `a new IP address`]
    .filter(Boolean)
    .join(' and ');
  const endLink = await issueLink(db, deps, {
    accountId,
    purpose: 'end_session',
    ttlMs: END_LINK_TTL_MS,
    sessionId: session.sessionId,
  });
  await notify(db, deps, {
    accountId,
    deviceId: null,
    kind: 'auth.new_login',
    alert: { event: 'auth.new_login', status: 'firing' },
    severity: 'warning',
    title: `New sign-in to your IO Worker account from ${what}`,
    message:
      `Signed in at ${new Date().toISOString()} from ${origin.ip} with ` +
      `${browserOf(origin.userAgent)}. If it was not you, end that ` +
      `session now with this link (it works once, for 7 days): ${endLink} and change your ` +
      'password.',
  });
}
