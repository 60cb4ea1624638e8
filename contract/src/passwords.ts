import { COMMON_PASSWORDS } from './common-passwords.js';

/** The password rules, checked by the API and, before a round trip, by the app. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** The rule a new password breaks, in the order they are checked. */
export type PasswordProblem =
  'too_short' | 'too_long' | 'control_characters' | 'one_character' | 'same_as_email' | 'common';

/** NUL, tab, newline and the like, and lone surrogates: invisible, or mangled on the way. */
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cs}]/u;

/**
 * The first rule a new password breaks, if any. With the account's `email`, a password equal to
 * it (the first guess of anyone who knows the address) is refused too.
 */
export function passwordProblem(password: string, email?: string): PasswordProblem | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (CONTROL_CHARACTERS.test(password)) return 'control_characters';
  if (new Set(password).size === 1) return 'one_character';
  const plain = password.trim().toLowerCase();
  if (email !== undefined && plain === email.trim().toLowerCase()) return 'same_as_email';
  if (COMMON_PASSWORDS.has(plain)) return 'common';
  return undefined;
}
