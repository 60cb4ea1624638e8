import { createSolanaRpc, type Base64EncodedWireTransaction } from '@solana/kit';
import type { Chain } from './chain.js';
import { systemTransfersOf } from './transfers.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A real cluster over JSON-RPC. Confirmation means `confirmed` commitment; expiry uses finalized heights. */
export function createRpcChain(url: string): Chain {
  const rpc = createSolanaRpc(url);
  return {
    kind: 'rpc',
    getBalance: async (address) =>
      (await rpc.getBalance(address, { commitment: 'confirmed' }).send()).value,
    async latestLifetime() {
      const { value } = await rpc.getLatestBlockhash({ commitment: 'finalized' }).send();
      return { blockhash: value.blockhash, lastValidBlockHeight: value.lastValidBlockHeight };
    },
    blockHeight: () => rpc.getBlockHeight({ commitment: 'finalized' }).send(),
    async send(base64) {
      try {
        await rpc
          .sendTransaction(base64 as Base64EncodedWireTransaction, {
            encoding: 'base64',
            preflightCommitment: 'confirmed',
          })
          .send();
        return { kind: 'accepted' };
      } catch (error) {
        const message = messageOf(error);
        if (/already been processed|AlreadyProcessed/i.test(message))
          return { kind: 'already_processed' };
        if (/Blockhash not found|BlockhashNotFound/i.test(message)) return { kind: 'expired' };
        return { kind: 'rejected', reason: message };
      }
    },
    async status(signature) {
      const { value } = await rpc
        .getSignatureStatuses([signature], { searchTransactionHistory: true })
        .send();
      const status = value[0];
      if (!status) return { kind: 'unknown' };
      if (status.err) return { kind: 'failed', reason: JSON.stringify(status.err) };
      return status.confirmationStatus === 'confirmed' || status.confirmationStatus === 'finalized'
        ? { kind: 'confirmed' }
        : { kind: 'unknown' };
    },
    async transaction(signature) {
      const found = await rpc
        .getTransaction(signature, {
          encoding: 'base64',
          commitment: 'confirmed',
          maxSupportedTransactionVersion: 0,
        })
        .send();
      if (!found) return { kind: 'unknown' };
      if (found.meta?.err) return { kind: 'failed', reason: JSON.stringify(found.meta.err) };
      return { kind: 'confirmed', transfers: systemTransfersOf(found.transaction[0]) };
    },
  };
}
