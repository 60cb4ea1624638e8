import type { Executor } from '../../db/database.js';
import { spendChallengeOf, type ChallengeScope } from './challenges.js';
import { findPasskeyByCredentialId, recordPasskeyUse } from './passkeys.queries.js';
import type { AuthenticationResponse } from './passkeys.schemas.js';
import { isUserHandleOf, verifyAssertion, type RelyingParty } from './relying-party.js';

type SigningPasskey = NonNullable<Awaited<ReturnType<typeof findPasskeyByCredentialId>>>;

/** Why an assertion was refused: a reused or unknown challenge and a copied passkey stand out. */
export type AssertionRefusal = 'challenge' | 'credential' | 'signature' | 'counter';

export type AssertionCheck =
  | { ok: true; passkey: SigningPasskey }
  | { ok: false; refusal: AssertionRefusal; problem: string; accountId: string | null };

/** A passwordless sign-in (any account's passkey), or a second factor of one account. */
export type ExpectedSigner =
  { purpose: 'sign_in' } | { purpose: 'second_factor'; accountId: string };

function scopeOf(expected: ExpectedSigner): ChallengeScope {
  return expected.purpose === 'sign_in'
    ? { purpose: 'sign_in', accountId: null }
    : { purpose: 'second_factor', accountId: expected.accountId };
}

/**
 * Checks a passkey's assertion: its challenge (spent here, once), that the passkey is the
 * expected signer's, its signature, and that its counter grew (recorded with the use).
 * `field` names the body field in a 400 about the response's encoding.
 */
export async function checkAssertion(
  db: Executor,
  rp: RelyingParty,
  response: AuthenticationResponse,
  expected: ExpectedSigner,
  field: string,
): Promise<AssertionCheck> {
  const scope = scopeOf(expected);
  const challenge = await spendChallengeOf(db, response, scope, field);
  const passkey = await findPasskeyByCredentialId(db, response.id);
  const refuse = (refusal: AssertionRefusal, problem: string, accountId: string | null) =>
    ({ ok: false, refusal, problem, accountId }) as const;
  if (!challenge) {
    return refuse(
      'challenge',
      'its challenge is unknown, expired or used already: ask for new options',
      scope.accountId ?? passkey?.account_id ?? null,
    );
  }
  const { userHandle } = response.response;
  if (
    !passkey ||
    (scope.accountId !== null && passkey.account_id !== scope.accountId) ||
    (userHandle !== undefined && !isUserHandleOf(userHandle, passkey.account_id))
  ) {
    return refuse('credential', 'this passkey is not registered here', scope.accountId);
  }
  const verification = await verifyAssertion(
    rp,
    response,
    challenge,
    passkey,
    expected.purpose === 'sign_in',
  );
  if (!verification.verified) return refuse('signature', verification.problem, passkey.account_id);
  if (!(await recordPasskeyUse(db, passkey.id, verification.counter))) {
    return refuse(
      'counter',
      'its signature counter went back: the passkey may have been copied',
      passkey.account_id,
    );
  }
  return { ok: true, passkey };
}
