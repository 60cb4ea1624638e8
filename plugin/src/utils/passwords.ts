import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
  type PasswordProblem,
} from '@ioworker/contract';

/** What each password rule asks of the user; the API refuses the same passwords. */
const PASSWORD_ADVICE: Record<PasswordProblem, string> = {
  too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  control_characters: 'Leave out control characters such as tabs and line breaks.',
  one_character: 'Use more than one character repeated.',
  same_as_email: 'Use something other than your email address.',
  common: 'This is one of the most common passwords; choose one that is harder to guess.',
};

/** Advice on a new password that breaks a rule, or undefined when it keeps them all. */
export function newPasswordAdvice(password: string, email?: string): string | undefined {
  const problem = passwordProblem(password, email);
  return problem && PASSWORD_ADVICE[problem];
}
