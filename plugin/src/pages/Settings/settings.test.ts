import { describe, expect, it } from 'vitest';
import { shortenUserAgent } from './userAgent';
import { decimalProblem, normalizeDecimal, passwordChangeProblems } from './validation';

describe('decimalProblem', () => {
  const NOT_A_PRICE = 'Enter a number like 0.25: not negative, at most 6 decimal places.';
  it.each<[string, boolean, string | undefined]>([
    ['0.15', true, undefined],
    ['12', true, undefined],
    [' 0,25 ', true, undefined],
    ['0.123456', true, undefined],
    ['', true, 'Enter a price, like 0.25.'],
    ['', false, undefined],
    ['0.1234567', true, NOT_A_PRICE],
    ['-1', true, NOT_A_PRICE],
    ['1e3', true, NOT_A_PRICE],
    ['.5', true, NOT_A_PRICE],
    ['1234567890123', true, NOT_A_PRICE],
  ])('%j (required %s) → %s', (input, required, expected) => {
    expect(decimalProblem(input, required)).toBe(expected);
  });

  it('normalises a decimal comma and spaces', () => {
    expect(normalizeDecimal(' 0,25 ')).toBe('0.25');
  });
});

describe('passwordChangeProblems', () => {
  const ok = {
    currentPassword: 'old-password',
    newPassword: 'new-password-1',
    confirmation: 'new-password-1',
  };
  it.each([
    ['valid', ok, {}],
    [
      'no current password',
      { ...ok, currentPassword: '' },
      { currentPassword: 'Enter your current password.' },
    ],
    [
      'too short',
      { ...ok, newPassword: 'short', confirmation: 'short' },
      { newPassword: 'Use at least 10 characters.' },
    ],
    ['exactly 10 characters', { ...ok, newPassword: 'k9#mQ2vL7x', confirmation: 'k9#mQ2vL7x' }, {}],
    [
      'too long',
      { ...ok, newPassword: 'x'.repeat(257), confirmation: 'x'.repeat(257) },
      { newPassword: 'Use at most 256 characters.' },
    ],
    [
      'mismatch',
      { ...ok, confirmation: 'new-password-2' },
      { confirmation: 'The passwords do not match.' },
    ],
  ])('%s', (_name, change, expected) => {
    expect(passwordChangeProblems(change, 'ada@example.com')).toEqual(expected);
  });

  it.each([
    ['aaaaaaaaaa', 'Use more than one character repeated.'],
    [' '.repeat(10), 'Use more than one character repeated.'],
    ['nul\u0000character', 'Leave out control characters such as tabs and line breaks.'],
    ['password12', 'This is one of the most common passwords; choose one that is harder to guess.'],
    ['Ada@Example.com', 'Use something other than your email address.'],
  ])('refuses %j as the API does', (newPassword, advice) => {
    const change = { ...ok, newPassword, confirmation: newPassword };
    expect(passwordChangeProblems(change, 'ada@example.com')).toEqual({ newPassword: advice });
  });
});

describe('shortenUserAgent', () => {
  it.each<[string | null, string]>([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome on Linux',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
      'Safari on macOS',
    ],
    [
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox on Ubuntu',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'Headless Chrome on Linux',
    ],
    ['curl/8.5.0', 'curl'],
    ['node', 'Node.js'],
    ['python-requests/2.32.3', 'Python'],
    ['io-worker-cli/1.0', 'io-worker-cli'],
    [null, 'Unknown client'],
    ['', 'Unknown client'],
  ])('%s → %s', (userAgent, expected) => {
    expect(shortenUserAgent(userAgent)).toBe(expected);
  });
});
