import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

/** A random token: `bytes` of entropy, base32, with an optional prefix that says what it is. */
export function generateToken(bytes: number, prefix = ''): string {
  return prefix + encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

/** What is stored instead of a token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Compares two secrets in constant time (hashing first makes the lengths equal). */
export function secretsEqual(given: string, expected: string): boolean {
  const encoder = new TextEncoder();
  return constantTimeEqual(sha256(encoder.encode(given)), sha256(encoder.encode(expected)));
}
