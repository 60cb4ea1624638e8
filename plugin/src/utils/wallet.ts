import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../api/client';

/** The payout wallet: its address, and until when payouts to a new one are held. */
export type Wallet = InferResponseType<ApiClient['v1']['wallet']['$get'], 200>;

/** Payouts to a newly set address wait until its hold ends. */
export function isOnHold(wallet: Wallet, now = Date.now()): boolean {
  return wallet.holdUntil !== null && Date.parse(wallet.holdUntil) > now;
}
