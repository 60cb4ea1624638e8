import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random token: `bytes` of entropy, base32, with an optional prefix that says what it is. */
export function generateToken(bytes: number, prefix = ''): string {
  return prefix + encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

/**
 * What is stored instead of a token: its SHA-256, hex. Node's native hash: every node write
 * hashes its credential, and a JavaScript SHA-256 costs ten times as much CPU.
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Compares two secrets in constant time (hashing first makes the lengths equal). */
export function secretsEqual(given: string, expected: string): boolean {
  const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
