/** The password rules, checked by the API and, before a round trip, by the app. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordLengthProblem = 'too_short' | 'too_long';

/** Whether a new password's length is out of bounds, and which way. */
export function passwordLengthProblem(password: string): PasswordLengthProblem | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  return undefined;
}
