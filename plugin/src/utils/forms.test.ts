import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/errors';
import { fieldErrors, toSentence, withoutFieldName } from './forms';

describe('fieldErrors', () => {
  const api = (status: number, code: string, message: string) =>
    new ApiRequestError(
      code === 'invalid_password' ? 'invalid_password' : 'api',
      status,
      code,
      message,
    );
  const fields = ['address', 'password'] as const;

  it('puts a wrong password on the password field', () => {
    const error = api(403, 'invalid_password', 'password: the password is not correct.');
    expect(fieldErrors(error, fields, 'password')).toEqual({
      fields: { password: 'The password is not correct.' },
    });
  });

  it('puts a 400 on the field its message names', () => {
    const error = api(
      400,
      'invalid_address',
      'address: is not a Solana address: it must be base58',
    );
    expect(fieldErrors(error, fields, 'password')).toEqual({
      fields: { address: 'This is not a Solana address: it must be base58.' },
    });
  });

  it('splits several problems of one 400', () => {
    const error = api(
      400,
      'invalid_request',
      'address: is required; password: must be at most 256 characters',
    );
    expect(fieldErrors(error, fields).fields).toEqual({
      address: 'This is required.',
      password: 'This must be at most 256 characters.',
    });
  });

  it.each([
    [
      'a 400 about a field the form lacks',
      api(400, 'invalid_request', 'body: must be a JSON object'),
    ],
    ['a 400 without a field', api(400, 'invalid_request', 'Something is wrong.')],
    ['a 403 that is not about the password', api(403, 'forbidden', 'Not allowed.')],
    ['a 409', api(409, 'device_limit_reached', 'An account can have at most 5000 devices.')],
  ])('leaves %s to an alert', (_name, error) => {
    expect(fieldErrors(error, fields, 'password')).toEqual({ fields: {}, other: error });
  });

  it('is empty without an error', () => {
    expect(fieldErrors(undefined, fields)).toEqual({ fields: {} });
  });

  it.each([
    ['the password is not correct.', 'The password is not correct.'],
    ['must not be empty', 'This must not be empty.'],
    [
      'decodes to 31 bytes; a Solana address is 32 bytes',
      'This decodes to 31 bytes; a Solana address is 32 bytes.',
    ],
  ])('toSentence(%j) → %j', (fragment, sentence) => {
    expect(toSentence(fragment)).toBe(sentence);
  });

  it('drops the field name of a message shown where the field is known', () => {
    expect(
      withoutFieldName('token: this link is not valid any more (used, expired or never sent).'),
    ).toBe('This link is not valid any more (used, expired or never sent).');
    expect(withoutFieldName('The code is not right.')).toBe('The code is not right.');
  });
});
