/** Client-side checks that mirror the API's rules, so most mistakes show before a round trip. */
import { newPasswordAdvice } from '../../utils/passwords';

// The API's decimal: up to 12 digits, up to 6 decimal places, never negative.
const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;

/** " 0,25 " → "0.25": a decimal comma is what many users type. */
export function normalizeDecimal(input: string): string {
  return input.trim().replace(',', '.');
}

export function decimalProblem(input: string, required: boolean): string | undefined {
  const value = normalizeDecimal(input);
  if (value === '') return required ? 'Enter a price, like 0.25.' : undefined;
  if (!DECIMAL.test(value)) {
    return 'Enter a number like 0.25: not negative, at most 6 decimal places.';
  }
  return undefined;
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmation: string;
}

export type PasswordChangeProblems = Partial<Record<keyof PasswordChange, string>>;

/** `email` is the account's: the new password must not be it. */
export function passwordChangeProblems(
  change: PasswordChange,
  email?: string,
): PasswordChangeProblems {
  const problems: PasswordChangeProblems = {};
  if (change.currentPassword === '') problems.currentPassword = 'Enter your current password.';
  const advice = newPasswordAdvice(change.newPassword, email);
  if (advice) problems.newPassword = advice;
  if (change.confirmation !== change.newPassword) {
    problems.confirmation = 'The passwords do not match.';
  }
  return problems;
}
