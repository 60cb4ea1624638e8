import type { Address, Blockhash, Signature } from '@solana/kit';

export type Lifetime = { blockhash: Blockhash; lastValidBlockHeight: bigint };

/** What sending a signed transaction did. */
export type SendOutcome =
  | { kind: 'accepted' }
  /** The same transaction landed before: that is success, not a failure to credit back. */
  | { kind: 'already_processed' }
  /** Its blockhash is no longer valid: it can never land. */
  | { kind: 'expired' }
  /** The cluster refused it before it could land (preflight): it was never forwarded. */
  | { kind: 'rejected'; reason: string }
  /**
   * No answer that says either way (a timeout, a 429 past its retries, a 5xx, a dropped
   * connection): it may have landed, so it is handled as sent and never credited back.
   */
  | { kind: 'unknown'; reason: string };

/** One SOL transfer inside a transaction. */
export type TransferLeg = { source: string; destination: string; lamports: bigint };

/** A transaction as the chain recorded it, for reconciliation. */
export type RecordedTransaction =
  | { kind: 'confirmed'; transfers: TransferLeg[] }
  | { kind: 'failed'; reason: string }
  | { kind: 'unknown' };

export type SignatureStatus =
  { kind: 'confirmed' } | { kind: 'failed'; reason: string } | { kind: 'unknown' };

/**
 * The narrow part of a Solana cluster that payouts need. `local` is an embedded LiteSVM
 * ledger (dev, demo and tests): its state lives in memory and is lost on restart.
 */
export type Chain = {
  kind: 'local' | 'rpc';
  getBalance(address: Address): Promise<bigint>;
  latestLifetime(): Promise<Lifetime>;
  /** The finalized block height, to tell when a stored transaction can no longer land. */
  blockHeight(): Promise<bigint>;
  send(wireBase64: string): Promise<SendOutcome>;
  status(signature: Signature): Promise<SignatureStatus>;
  /** The SOL transfers the chain recorded under a signature (reconciliation). */
  transaction(signature: Signature): Promise<RecordedTransaction>;
  /** Local ledger only: when it started. It knows no transaction from before (it is in memory). */
  startedAt?: Date;
  /** Local ledger only: funds an account. */
  airdrop?(address: Address, lamports: bigint): Promise<void>;
};
