/** The second factor a sensitive change or a sign-in asks for when two-factor is on. */
import type { ApiRequestError } from '../api/errors';
import { fieldErrors, withoutFieldName, type FieldErrors } from './forms';
import type { PasskeyAssertion } from './webauthn';

export type SecondFactor =
  /** A code from the authenticator app, or one of the recovery codes. */
  | { kind: 'code' | 'recoveryCode'; value: string }
  /** One of the account's passkeys; undefined until it has signed. */
  | { kind: 'passkey'; assertion: PasskeyAssertion | undefined };

export const NO_SECOND_FACTOR: SecondFactor = { kind: 'code', value: '' };

/** What an account can prove itself with: the authenticator app (and its recovery codes), passkeys. */
export interface SecondFactorMethods {
  totp: boolean;
  passkey: boolean;
}

/** Two-factor is on with the app or any passkey: sensitive changes then ask for one. */
export const isTwoFactorOn = (methods: SecondFactorMethods) => methods.totp || methods.passkey;

/** The factor a form asks for first: a code, or a passkey where the account has no app. */
export function firstSecondFactor(methods: SecondFactorMethods): SecondFactor {
  return methods.passkey && !methods.totp
    ? { kind: 'passkey', assertion: undefined }
    : NO_SECOND_FACTOR;
}

/** A typed code without spaces: apps show the six digits in two groups ("123 456"). */
export const codeDigits = (value: string) => value.replace(/\s/g, '');

/** What the user gave, as the API's fields: `{code}`, `{recoveryCode}` or `{assertion}`. */
export function secondFactorFields(factor: SecondFactor) {
  switch (factor.kind) {
    case 'code':
      return { code: codeDigits(factor.value) };
    case 'recoveryCode':
      return { recoveryCode: factor.value.trim() };
    case 'passkey':
      return { assertion: factor.assertion };
  }
}

/** What is wrong with the factor before asking the API, or undefined. */
export function secondFactorProblem(factor: SecondFactor): string | undefined {
  if (factor.kind === 'passkey') {
    return factor.assertion ? undefined : 'Confirm with your passkey first.';
  }
  if (factor.kind === 'recoveryCode') {
    return factor.value.trim() === '' ? 'Enter one of your recovery codes.' : undefined;
  }
  return /^\d{6}$/.test(codeDigits(factor.value))
    ? undefined
    : 'Enter the 6 digits your authenticator app shows.';
}

/**
 * The API's refusal of the factor (`invalid_code`, a 400, 401 or 403 whose message may name
 * the field: "code: the code is not right…", "assertion: the passkey was refused…"), as a
 * sentence for the factor's input.
 */
export function secondFactorError(error: ApiRequestError | undefined): string | undefined {
  if (error?.code !== 'invalid_code') return undefined;
  return withoutFieldName(error.message);
}

export interface SecondFactorFormErrors<Field extends string> extends FieldErrors<Field> {
  /** For the second factor's input. */
  secondFactor?: string;
}

/** `fieldErrors` for a form that also asks for the second factor. */
export function secondFactorFormErrors<Field extends string>(
  error: ApiRequestError | undefined,
  fields: readonly Field[],
  passwordField?: Field,
): SecondFactorFormErrors<Field> {
  const refused = secondFactorError(error);
  if (refused) return { fields: {}, secondFactor: refused };
  const api = fieldErrors<Field | 'code' | 'recoveryCode' | 'assertion'>(
    error,
    [...fields, 'code', 'recoveryCode', 'assertion'],
    passwordField,
  );
  return {
    fields: api.fields,
    other: api.other,
    secondFactor: api.fields.code ?? api.fields.recoveryCode ?? api.fields.assertion,
  };
}
