import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import type { Executor, PasskeyChallengePurpose } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { insertChallenge, takeChallenge } from './passkeys.queries.js';

/** How long the options' challenge can be answered; also the browser's timeout. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** A passwordless sign-in's challenge belongs to no account yet; every other one does. */
export type ChallengeScope =
  | { purpose: 'sign_in'; accountId: null }
  | { purpose: Exclude<PasskeyChallengePurpose, 'sign_in'>; accountId: string };

export async function storeChallenge(
  db: Executor,
  scope: ChallengeScope,
  challenge: string,
): Promise<void> {
  await insertChallenge(db, {
    ...scope,
    challenge,
    expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS),
  });
}

/**
 * The challenge a response answers, read from its client data (which the signature covers, so
 * a response cannot claim another). 400 naming `field` when it is not WebAuthn client data.
 */
function challengeOf(clientDataJSON: string, field: string): string {
  try {
    const { challenge } = decodeClientDataJSON(clientDataJSON);
    if (typeof challenge === 'string' && challenge) return challenge;
  } catch {
    // reported below
  }
  throw ApiError.badRequest(
    'invalid_request',
    `${field}.response.clientDataJSON: is not WebAuthn client data with a challenge.`,
  );
}

/**
 * Spends the challenge a response answers, whether or not the response then verifies: each
 * challenge is answered once. Returns it, or null when it is unknown, used, expired, or was
 * handed out for another purpose or account.
 */
export async function spendChallengeOf(
  db: Executor,
  response: { response: { clientDataJSON: string } },
  scope: ChallengeScope,
  field: string,
): Promise<string | null> {
  const challenge = challengeOf(response.response.clientDataJSON, field);
  return (await takeChallenge(db, { ...scope, challenge })) ? challenge : null;
}
