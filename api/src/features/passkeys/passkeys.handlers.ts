import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../lib/api-error.js';
import { clientIp } from '../../lib/client-ip.js';
import { hashToken } from '../../lib/secrets.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { assertAllowedOrigin } from '../auth/auth.middleware.js';
import { confirmPassword } from '../auth/confirm-password.js';
import { completeSignIn } from '../auth/sign-in.js';
import { CHALLENGE_TRIES, INVALID_CHALLENGE } from '../two-factor/challenges.js';
import { requireSecondFactor } from '../two-factor/second-factor.js';
import { findOpenChallenge } from '../two-factor/two-factor.queries.js';
import { spendChallengeOf, storeChallenge } from './challenges.js';
import { passkeySecondStep, passwordlessSignIn } from './passkey-sign-in.js';
import { toPasskey } from './passkey.presenter.js';
import {
  deletePasskey,
  findPasskey,
  insertPasskey,
  listPasskeys,
  type PasskeyRow,
} from './passkeys.queries.js';
import {
  addPasskeyRoute,
  assertionOptionsRoute,
  listPasskeysRoute,
  passkeySignInRoute,
  registrationOptionsRoute,
  removePasskeyRoute,
  signInOptionsRoute,
} from './passkeys.routes.js';
import { authenticationOptions, registrationOptions, verifyRegistration } from './relying-party.js';

const MAX_PASSKEYS_PER_ACCOUNT = 20;

function assertRoomForPasskey(passkeys: PasskeyRow[]): void {
  if (passkeys.length >= MAX_PASSKEYS_PER_ACCOUNT) {
    throw ApiError.conflict(
      'passkey_limit_reached',
      `An account can have at most ${MAX_PASSKEYS_PER_ACCOUNT} passkeys; remove one first.`,
    );
  }
}

/** Sign-in routes carry no credential yet: only a present, foreign Origin is refused. */
function assertNotCrossSite(c: Context<AppEnv>): void {
  const { allowedOrigins } = c.var.deps.config;
  assertAllowedOrigin(c.req.method, c.req.header('origin'), allowedOrigins, false);
}

/** Options to sign with one of the account's passkeys, as its second factor. */
async function secondFactorOptions(c: Context<AppEnv>, accountId: string) {
  const { db, config } = c.var.deps;
  const passkeys = await listPasskeys(db, accountId);
  if (passkeys.length === 0) {
    throw ApiError.conflict('no_passkey', 'This account has no passkey: use a code instead.');
  }
  const options = await authenticationOptions(config, passkeys);
  await storeChallenge(db, { purpose: 'second_factor', accountId }, options.challenge);
  return options;
}

export const passkeyRoutes = createRouter()
  .openapi(registrationOptionsRoute, async (c) => {
    const { db, config } = c.var.deps;
    const { accountId, email } = c.var.user;
    // A passkey is a way in that outlives the session: a stolen session must not add one.
    const { password, ...factor } = c.req.valid('json');
    const user = { accountId, email, ip: clientIp(c, config.trustProxy) };
    await confirmPassword(db, user, 'password', password);
    await requireSecondFactor(db, c.var.deps, user, factor);
    const existing = await listPasskeys(db, accountId);
    assertRoomForPasskey(existing);
    const options = await registrationOptions(config, { id: accountId, email }, existing);
    await storeChallenge(db, { purpose: 'registration', accountId }, options.challenge);
    return c.json(options, 200);
  })
  .openapi(addPasskeyRoute, async (c) => {
    const { db, config } = c.var.deps;
    const { accountId } = c.var.user;
    const { response, name } = c.req.valid('json');
    const scope = { purpose: 'registration', accountId } as const;
    const challenge = await spendChallengeOf(db, response, scope, 'response');
    if (!challenge) {
      throw ApiError.badRequest(
        'invalid_challenge',
        'response: its challenge is unknown, expired or used already: ask for new options (POST /v1/me/passkeys/options).',
      );
    }
    const credential = await verifyRegistration(config, response, challenge);
    const passkey = await db.transaction().execute(async (trx) => {
      assertRoomForPasskey(await listPasskeys(trx, accountId));
      const inserted = await insertPasskey(trx, {
        accountId,
        credentialId: credential.id,
        publicKey: isoBase64URL.fromBuffer(credential.publicKey),
        counter: credential.counter,
        transports: response.response.transports,
        name: name ?? 'Passkey',
      });
      if (!inserted)
        throw ApiError.conflict('passkey_exists', 'This passkey is registered already.');
      await recordAudit(trx, c, {
        action: 'passkey.added',
        accountId,
        details: { passkeyId: inserted.id, name: inserted.name },
      });
      return inserted;
    });
    return c.json(toPasskey(passkey), 201);
  })
  .openapi(listPasskeysRoute, async (c) => {
    const rows = await listPasskeys(c.var.deps.db, c.var.user.accountId);
    return c.json({ passkeys: rows.map(toPasskey) }, 200);
  })
  .openapi(removePasskeyRoute, async (c) => {
    const { db, config } = c.var.deps;
    const { id } = c.req.valid('param');
    const { password, ...factor } = c.req.valid('json');
    const { accountId, email } = c.var.user;
    const user = { accountId, email, ip: clientIp(c, config.trustProxy) };
    await confirmPassword(db, user, 'password', password);
    if (!(await findPasskey(db, accountId, id))) throw ApiError.notFound('Passkey');
    // Removing the last passkey can turn two-factor off: it asks what turning TOTP off asks.
    await requireSecondFactor(db, c.var.deps, user, factor);
    const removed = await db.transaction().execute(async (trx) => {
      const row = await deletePasskey(trx, accountId, id);
      if (row) {
        await recordAudit(trx, c, {
          action: 'passkey.removed',
          accountId,
          details: { passkeyId: row.id, name: row.name },
        });
      }
      return row;
    });
    if (!removed) throw ApiError.notFound('Passkey');
    return c.body(null, 204);
  })
  .openapi(assertionOptionsRoute, async (c) => {
    return c.json(await secondFactorOptions(c, c.var.user.accountId), 200);
  })
  .openapi(signInOptionsRoute, async (c) => {
    assertNotCrossSite(c);
    const { db, config } = c.var.deps;
    const { mfaToken } = c.req.valid('json');
    if (mfaToken) {
      const challenge = await findOpenChallenge(db, hashToken(mfaToken), CHALLENGE_TRIES);
      if (!challenge) throw ApiError.unauthorized(INVALID_CHALLENGE, 'invalid_mfa_token');
      return c.json(await secondFactorOptions(c, challenge.account_id), 200);
    }
    const options = await authenticationOptions(config, null);
    await storeChallenge(db, { purpose: 'sign_in', accountId: null }, options.challenge);
    return c.json(options, 200);
  })
  .openapi(passkeySignInRoute, async (c) => {
    assertNotCrossSite(c);
    const { response, mfaToken } = c.req.valid('json');
    const account = mfaToken
      ? await passkeySecondStep(c, response, mfaToken)
      : await passwordlessSignIn(c, response);
    return c.json(await completeSignIn(c, account), 200);
  });
