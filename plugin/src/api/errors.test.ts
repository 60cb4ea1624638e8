import { describe, expect, it } from 'vitest';
import { ApiRequestError, readError, toApiError, type ApiErrorKind } from './errors';

const apiBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });
const JSON_TYPE = { 'content-type': 'application/json' };

describe('readError', () => {
  const cases: Array<{
    name: string;
    response: () => Response;
    kind: ApiErrorKind;
    status: number;
    code: string;
    message: string | RegExp;
    retryAfterSeconds?: number;
  }> = [
    {
      name: '401 → unauthorized',
      response: () =>
        new Response(apiBody('unauthorized', 'Sign in first.'), {
          status: 401,
          headers: JSON_TYPE,
        }),
      kind: 'unauthorized',
      status: 401,
      code: 'unauthorized',
      message: 'Sign in first.',
    },
    {
      name: '403 invalid_password → invalid_password',
      response: () =>
        new Response(apiBody('invalid_password', 'password: the password is not correct.'), {
          status: 403,
          headers: JSON_TYPE,
        }),
      kind: 'invalid_password',
      status: 403,
      code: 'invalid_password',
      message: 'password: the password is not correct.',
    },
    {
      name: '403 for another reason → api',
      response: () =>
        new Response(apiBody('forbidden_origin', 'This origin may not change data.'), {
          status: 403,
          headers: JSON_TYPE,
        }),
      kind: 'api',
      status: 403,
      code: 'forbidden_origin',
      message: 'This origin may not change data.',
    },
    {
      name: '429 with Retry-After → retryAfterSeconds',
      response: () =>
        new Response(apiBody('rate_limited', 'Too many attempts.'), {
          status: 429,
          headers: { ...JSON_TYPE, 'Retry-After': '120' },
        }),
      kind: 'api',
      status: 429,
      code: 'rate_limited',
      message: 'Too many attempts.',
      retryAfterSeconds: 120,
    },
    {
      name: '429 with an HTTP-date Retry-After → no seconds',
      response: () =>
        new Response(apiBody('rate_limited', 'Too many attempts.'), {
          status: 429,
          headers: { ...JSON_TYPE, 'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT' },
        }),
      kind: 'api',
      status: 429,
      code: 'rate_limited',
      message: 'Too many attempts.',
    },
    {
      name: 'a non-JSON body (a proxy’s HTML page) → a message naming the status',
      response: () =>
        new Response('<html><body>Bad Gateway</body></html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
      kind: 'api',
      status: 502,
      code: 'error',
      message: 'The API answered 502 Bad Gateway.',
    },
    {
      name: 'JSON without the error shape → a message naming the status',
      response: () =>
        new Response(JSON.stringify({ oops: true }), { status: 500, headers: JSON_TYPE }),
      kind: 'api',
      status: 500,
      code: 'error',
      message: /^The API answered 500\b/,
    },
    {
      name: 'an empty 404 → a message naming the status',
      response: () => new Response(null, { status: 404 }),
      kind: 'api',
      status: 404,
      code: 'error',
      message: /^The API answered 404\b/,
    },
  ];

  it.each(cases)('$name', async ({ response, kind, status, code, message, retryAfterSeconds }) => {
    const error = await readError(response());
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ kind, status, code, retryAfterSeconds });
    expect(error.message).toMatch(message);
  });
});

describe('toApiError', () => {
  it('returns an ApiRequestError as it is', () => {
    const original = new ApiRequestError('invalid_password', 403, 'invalid_password', 'Wrong.');
    expect(toApiError(original)).toBe(original);
  });

  it.each([
    ['an Error', new TypeError('Failed to parse JSON'), 'Failed to parse JSON'],
    ['a string', 'something broke', 'something broke'],
    ['undefined', undefined, 'undefined'],
  ])('wraps %s as a client error', (_name, thrown, message) => {
    expect(toApiError(thrown)).toMatchObject({
      kind: 'api',
      status: 0,
      code: 'client_error',
      message,
    });
  });
});

describe('ApiRequestError.unreachable', () => {
  it('explains the same-site requirement and keeps the cause', () => {
    const cause = new TypeError('Failed to fetch');
    const error = ApiRequestError.unreachable(cause);
    expect(error).toMatchObject({ kind: 'unreachable', status: 0, code: 'unreachable' });
    expect(error.message).toMatch(/could not be reached/);
    expect(error.message).toMatch(/same site/);
    expect(error.cause).toBe(cause);
  });
});
