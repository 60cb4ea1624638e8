/** The second factor a sensitive change or a sign-in asks for when two-factor is on. */
import type { ApiRequestError } from '../api/errors';
import { fieldErrors, withoutFieldName, type FieldErrors } from './forms';

export interface SecondFactor {
  /** A code from the authenticator app, or one of the recovery codes. */
  kind: 'code' | 'recoveryCode';
  value: string;
}

export const NO_SECOND_FACTOR: SecondFactor = { kind: 'code', value: '' };

/** A typed code without spaces: apps show the six digits in two groups ("123 456"). */
export const codeDigits = (value: string) => value.replace(/\s/g, '');

/** What the user gave, as the API's fields: `{code}` or `{recoveryCode}`. */
export function secondFactorFields(factor: SecondFactor) {
  return factor.kind === 'code'
    ? { code: codeDigits(factor.value) }
    : { recoveryCode: factor.value.trim() };
}

/** What is wrong with the factor before asking the API, or undefined. */
export function secondFactorProblem(factor: SecondFactor): string | undefined {
  if (factor.kind === 'recoveryCode') {
    return factor.value.trim() === '' ? 'Enter one of your recovery codes.' : undefined;
  }
  return /^\d{6}$/.test(codeDigits(factor.value))
    ? undefined
    : 'Enter the 6 digits your authenticator app shows.';
}

/**
 * The API's refusal of the factor (`invalid_code`, a 400, 401 or 403 whose message may name
 * the field: "code: the code is not right…"), as a sentence for the factor's input.
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
  const api = fieldErrors<Field | 'code' | 'recoveryCode'>(
    error,
    [...fields, 'code', 'recoveryCode'],
    passwordField,
  );
  return {
    fields: api.fields,
    other: api.other,
    secondFactor: api.fields.code ?? api.fields.recoveryCode,
  };
}
