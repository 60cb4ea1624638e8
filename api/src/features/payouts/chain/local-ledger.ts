import {
  getBase64Encoder,
  getSignatureFromTransaction,
  getTransactionDecoder,
  lamports,
  type Signature,
} from '@solana/kit';
import { FailedTransactionMetadata, LiteSVM } from 'litesvm';
import type { Chain } from './chain.js';
import { systemTransfersOf } from './transfers.js';

// LiteSVM keeps a blockhash valid until told otherwise; the window mimics a real cluster's.
export const BLOCKHASH_WINDOW = 150n;

// litesvm's TransactionErrorFieldless is a `const enum` it does not export: its values, as Solana numbers them.
const ALREADY_PROCESSED = 6;
const BLOCKHASH_NOT_FOUND = 7;

function reasonOf(failed: FailedTransactionMetadata): string {
  const error: unknown = failed.err();
  if (typeof error === 'number') return `transaction error ${error}`;
  return error instanceof Object && 'toString' in error ? String(error) : 'transaction failed';
}

/** An embedded Solana ledger (LiteSVM): a real SVM, in memory, for dev, demo and tests. */
export function createLocalLedger(
  svm = new LiteSVM(),
): Chain & { svm: LiteSVM; expireBlockhash(): void } {
  const wire = (base64: string) =>
    getTransactionDecoder().decode(getBase64Encoder().encode(base64));
  // LiteSVM keeps a transaction's outcome but not its message: the ledger keeps the bytes it
  // executed, as a cluster's history would, so that reconciliation can read what moved.
  const executed = new Map<string, string>();
  // LiteSVM accepts only its latest blockhash: when it changes, the height moves past every
  // lifetime handed out, so that a refusal as expired is what the height proves, as on a cluster.
  const expireBlockhash = () => {
    svm.warpToSlot(svm.getClock().slot + BLOCKHASH_WINDOW + 1n);
    svm.expireBlockhash();
  };
  return {
    kind: 'local',
    svm,
    expireBlockhash,
    startedAt: new Date(),
    getBalance: async (address) => svm.getBalance(address) ?? 0n,
    latestLifetime: async () => ({
      blockhash: svm.latestBlockhash(),
      lastValidBlockHeight: svm.getClock().slot + BLOCKHASH_WINDOW,
    }),
    blockHeight: async () => svm.getClock().slot,
    async send(base64) {
      const transaction = wire(base64);
      const result = svm.sendTransaction(transaction);
      if (!(result instanceof FailedTransactionMetadata)) {
        executed.set(getSignatureFromTransaction(transaction), base64);
        // Its block is done: as on a cluster, the next transfer gets a new blockhash, or a second
        // payout of the same amount to the same wallet would be this very transaction again
        // (AlreadyProcessed) and look paid while nothing moved. A transaction signed earlier and
        // not yet sent is refused as expired and signed anew: nothing else can land it.
        expireBlockhash();
        return { kind: 'accepted' };
      }
      const error: unknown = result.err();
      if (error === ALREADY_PROCESSED) return { kind: 'already_processed' };
      if (error === BLOCKHASH_NOT_FOUND) return { kind: 'expired' };
      return { kind: 'rejected', reason: reasonOf(result) };
    },
    async status(signature: Signature) {
      const found = svm.getTransaction(signature);
      if (!found) return { kind: 'unknown' };
      return found instanceof FailedTransactionMetadata
        ? { kind: 'failed', reason: reasonOf(found) }
        : { kind: 'confirmed' };
    },
    async transaction(signature: Signature) {
      const found = svm.getTransaction(signature);
      if (found instanceof FailedTransactionMetadata) {
        return { kind: 'failed', reason: reasonOf(found) };
      }
      const bytes = executed.get(signature);
      if (!found || !bytes) return { kind: 'unknown' };
      return { kind: 'confirmed', transfers: systemTransfersOf(bytes) };
    },
    async airdrop(address, amount) {
      const result = svm.airdrop(address, lamports(amount));
      if (!result || result instanceof FailedTransactionMetadata) throw new Error('airdrop failed');
    },
  };
}
