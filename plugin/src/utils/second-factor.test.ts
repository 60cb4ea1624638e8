import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/errors';
import { ASSERTION_JSON as assertion } from '../../test/fake-webauthn';
import {
  firstSecondFactor,
  secondFactorError,
  secondFactorFields,
  secondFactorFormErrors,
  secondFactorProblem,
} from './second-factor';

describe('secondFactorFields', () => {
  it('sends a code without the space apps show between its groups', () => {
    expect(secondFactorFields({ kind: 'code', value: ' 123 456 ' })).toEqual({ code: '123456' });
  });

  it('sends a recovery code trimmed, as typed otherwise', () => {
    expect(secondFactorFields({ kind: 'recoveryCode', value: ' abcd-EFGH ' })).toEqual({
      recoveryCode: 'abcd-EFGH',
    });
  });

  it('sends a passkey’s signature as the assertion', () => {
    expect(secondFactorFields({ kind: 'passkey', assertion })).toEqual({ assertion });
  });
});

describe('firstSecondFactor', () => {
  it('asks for the app’s code where there is one, else for a passkey', () => {
    expect(firstSecondFactor({ totp: true, passkey: true }).kind).toBe('code');
    expect(firstSecondFactor({ totp: false, passkey: false }).kind).toBe('code');
    expect(firstSecondFactor({ totp: false, passkey: true })).toEqual({
      kind: 'passkey',
      assertion: undefined,
    });
  });
});

describe('secondFactorProblem', () => {
  it.each([
    ['', 'Enter the 6 digits your authenticator app shows.'],
    ['12345', 'Enter the 6 digits your authenticator app shows.'],
    ['12345a', 'Enter the 6 digits your authenticator app shows.'],
    ['123 456', undefined],
  ])('code %j → %j', (value, problem) => {
    expect(secondFactorProblem({ kind: 'code', value })).toBe(problem);
  });

  it('asks for the passkey until it has signed', () => {
    expect(secondFactorProblem({ kind: 'passkey', assertion: undefined })).toBe(
      'Confirm with your passkey first.',
    );
    expect(secondFactorProblem({ kind: 'passkey', assertion })).toBeUndefined();
  });

  it('asks for a recovery code when there is none', () => {
    expect(secondFactorProblem({ kind: 'recoveryCode', value: ' ' })).toBe(
      'Enter one of your recovery codes.',
    );
    expect(secondFactorProblem({ kind: 'recoveryCode', value: 'abcd-efgh' })).toBeUndefined();
  });
});

describe('secondFactorError', () => {
  it('turns invalid_code into a sentence without the field name', () => {
    const error = new ApiRequestError(
      'api',
      403,
      'invalid_code',
      'code: the code is not right, or was used already.',
    );
    expect(secondFactorError(error)).toBe('The code is not right, or was used already.');
  });

  it('leaves other errors alone', () => {
    const error = new ApiRequestError('api', 429, 'rate_limited', 'Too many attempts.');
    expect(secondFactorError(error)).toBeUndefined();
    expect(secondFactorError(undefined)).toBeUndefined();
  });
});

describe('secondFactorFormErrors', () => {
  it('puts a refused code on the second factor', () => {
    const error = new ApiRequestError(
      'api',
      403,
      'invalid_code',
      'code: two-factor authentication is on: give a code or a passkey assertion.',
    );
    expect(secondFactorFormErrors(error, ['address'] as const, 'address')).toEqual({
      fields: {},
      secondFactor: 'Two-factor authentication is on: give a code or a passkey assertion.',
    });
  });

  it('puts a refused passkey on the second factor', () => {
    const error = new ApiRequestError(
      'api',
      403,
      'invalid_code',
      'assertion: the passkey was refused: sign again with new options.',
    );
    expect(secondFactorFormErrors(error, ['password'] as const).secondFactor).toBe(
      'The passkey was refused: sign again with new options.',
    );
  });

  it('puts a wrong password on the password field', () => {
    const error = new ApiRequestError('invalid_password', 403, 'invalid_password', 'Wrong.');
    expect(secondFactorFormErrors(error, ['password'] as const, 'password')).toMatchObject({
      fields: { password: 'The password is not correct.' },
      secondFactor: undefined,
    });
  });

  it('keeps what belongs to no field for an alert', () => {
    const error = new ApiRequestError('api', 409, 'email_taken', 'newEmail: taken.');
    expect(secondFactorFormErrors(error, ['newEmail'] as const).other).toBe(error);
  });
});
