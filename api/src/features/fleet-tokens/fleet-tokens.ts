import { FLEET_TOKEN_PREFIX } from '@ioworker/contract';
import { generateToken, hashToken } from '../../lib/secrets.js';

/** Expired ones count too, until they are revoked or 30 days past expiry, so the list stays short. */
export const MAX_FLEET_TOKENS_PER_ACCOUNT = 100;
export const EXPIRED_FLEET_TOKENS_KEPT_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A new fleet token, what is stored of it (its SHA-256), and its last four characters. */
export function issueFleetToken(expiresInDays: number) {
  const token = generateToken(20, FLEET_TOKEN_PREFIX);
  return {
    token,
    tokenHash: hashToken(token),
    lastFour: token.slice(-4),
    expiresAt: new Date(Date.now() + expiresInDays * DAY_MS),
  };
}

/** The one line a machine runs to enrol; the token is base32 with a prefix, so it needs no quoting. */
export function fleetEnrollCommand(publicUrl: string, token: string): string {
  return `io-worker-collector enroll --api ${publicUrl} --fleet-token ${token}`;
}
