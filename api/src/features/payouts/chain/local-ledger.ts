import { getBase64Encoder, getTransactionDecoder, lamports, type Signature } from '@solana/kit';
import { FailedTransactionMetadata, LiteSVM } from 'litesvm';
import type { Chain } from './chain.js';

// LiteSVM keeps a blockhash valid until told otherwise; the window mimics a real cluster's.
const BLOCKHASH_WINDOW = 150n;

// litesvm's TransactionErrorFieldless is a `const enum` it does not export: its values, as Solana numbers them.
const ALREADY_PROCESSED = 6;
const BLOCKHASH_NOT_FOUND = 7;

function reasonOf(failed: FailedTransactionMetadata): string {
  const error: unknown = failed.err();
  if (typeof error === 'number') return `transaction error ${error}`;
  return error instanceof Object && 'toString' in error ? String(error) : 'transaction failed';
}

/** An embedded Solana ledger (LiteSVM): a real SVM, in memory, for dev, demo and tests. */
export function createLocalLedger(svm = new LiteSVM()): Chain & { svm: LiteSVM } {
  const wire = (base64: string) =>
    getTransactionDecoder().decode(getBase64Encoder().encode(base64));
  return {
    kind: 'local',
    svm,
    getBalance: async (address) => svm.getBalance(address) ?? 0n,
    latestLifetime: async () => ({
      blockhash: svm.latestBlockhash(),
      lastValidBlockHeight: svm.getClock().slot + BLOCKHASH_WINDOW,
    }),
    blockHeight: async () => svm.getClock().slot,
    async send(base64) {
      const result = svm.sendTransaction(wire(base64));
      if (!(result instanceof FailedTransactionMetadata)) return { kind: 'accepted' };
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
    async airdrop(address, amount) {
      const result = svm.airdrop(address, lamports(amount));
      if (!result || result instanceof FailedTransactionMetadata) throw new Error('airdrop failed');
    },
  };
}
