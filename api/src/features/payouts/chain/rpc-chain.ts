import {
  createSolanaRpcFromTransport,
  isSolanaError,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  SOLANA_ERROR__JSON_RPC__SERVER_ERROR_TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
  SOLANA_ERROR__TRANSACTION_ERROR__ALREADY_PROCESSED,
  SOLANA_ERROR__TRANSACTION_ERROR__BLOCKHASH_NOT_FOUND,
  type Base64EncodedWireTransaction,
} from '@solana/kit';
import type { Chain, SendOutcome } from './chain.js';
import {
  createPayoutRpcTransport,
  DEFAULT_RPC_TRANSPORT_OPTIONS,
  type RpcTransportOptions,
} from './rpc-transport.js';
import { systemTransfersOf } from './transfers.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What a failed sendTransaction says about the transaction. Only an answer in which the node
 * refused it before forwarding (preflight, a bad signature) is a rejection; anything else may
 * have landed. The error codes are read, never the message: @solana/kit names the cause only in
 * `cause`, and with NODE_ENV=production its messages are bare error numbers.
 */
function outcomeOfSendError(error: unknown): SendOutcome {
  if (
    isSolanaError(error, SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE)
  ) {
    const cause = error.cause;
    if (isSolanaError(cause, SOLANA_ERROR__TRANSACTION_ERROR__ALREADY_PROCESSED)) {
      return { kind: 'already_processed' };
    }
    if (isSolanaError(cause, SOLANA_ERROR__TRANSACTION_ERROR__BLOCKHASH_NOT_FOUND)) {
      return { kind: 'expired' };
    }
    return { kind: 'rejected', reason: messageOf(cause ?? error) };
  }
  if (
    isSolanaError(
      error,
      SOLANA_ERROR__JSON_RPC__SERVER_ERROR_TRANSACTION_SIGNATURE_VERIFICATION_FAILURE,
    )
  ) {
    return { kind: 'rejected', reason: messageOf(error) };
  }
  return { kind: 'unknown', reason: messageOf(error) };
}

/**
 * A real cluster over JSON-RPC. Confirmation means `confirmed` commitment; expiry uses finalized
 * heights. Every request has a deadline and HTTP 429 is retried a few times (`options`).
 */
export function createRpcChain(url: string, options: Partial<RpcTransportOptions> = {}): Chain {
  const rpc = createSolanaRpcFromTransport(
    createPayoutRpcTransport(url, { ...DEFAULT_RPC_TRANSPORT_OPTIONS, ...options }),
  );
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
        return outcomeOfSendError(error);
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
