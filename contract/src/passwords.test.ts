import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { passwordProblem } from './passwords.js';

const EMAIL = 'Ada.Lovelace@example.com';

describe('passwordProblem', () => {
  it.each([
    ['short', 'too_short'],
    ['x'.repeat(257), 'too_long'],
    ['aaaaaaaaaa', 'one_character'],
    [' '.repeat(10), 'one_character'],
    ['🚀'.repeat(10), 'one_character'],
    ['nul\u0000in the middle', 'control_characters'],
    ['\u0000'.repeat(12), 'control_characters'],
    ['tab\tin the middle', 'control_characters'],
    ['new\nline password', 'control_characters'],
    ['lone \ud800 surrogate', 'control_characters'],
    ['password12', 'common'],
    ['Password123', 'common'],
    ['qwertyuiop', 'common'],
    ['1234567890', 'common'],
    ['iloveyou12', 'common'],
    [' password12 ', 'common'],
    ['ada.lovelace@example.com', 'same_as_email'],
    [' ADA.LOVELACE@EXAMPLE.COM', 'same_as_email'],
  ])('%j breaks the rule %s', (password, problem) => {
    expect(passwordProblem(password, EMAIL)).toBe(problem);
  });

  it.each([
    'correct horse battery',
    'xy'.repeat(128),
    'ioworker-demo',
    'Ünïcödé pässwörd ✓',
    'aaaaaaaaab',
  ])('%j passes', (password) => {
    expect(passwordProblem(password, EMAIL)).toBeUndefined();
  });

  it('checks the email only when it is given', () => {
    expect(passwordProblem('ada.lovelace@example.com')).toBeUndefined();
  });

  it('keeps only what the length rule lets through, in lower case', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(1000);
    for (const password of COMMON_PASSWORDS) {
      expect(password.length).toBeGreaterThanOrEqual(10);
      expect(password).toBe(password.toLowerCase());
    }
  });
});
