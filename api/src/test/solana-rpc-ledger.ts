import {
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getSignatureFromTransaction,
  getTransactionDecoder,
  lamports,
  type Address,
  type Signature,
} from '@solana/kit';
import { FailedTransactionMetadata, LiteSVM } from 'litesvm';
import type { TransferLeg } from '../features/payouts/chain/chain.js';
import { BLOCKHASH_WINDOW } from '../features/payouts/chain/local-ledger.js';
import { systemTransfersOf } from '../features/payouts/chain/transfers.js';

const FEE_LAMPORTS = 5000;

// litesvm's TransactionErrorFieldless is a `const enum` it does not export: Solana's names, in its order.
const TRANSACTION_ERROR_NAMES = [
  'AccountInUse',
  'AccountLoadedTwice',
  'AccountNotFound',
  'ProgramAccountNotFound',
  'InsufficientFundsForFee',
  'InvalidAccountForFee',
  'AlreadyProcessed',
  'BlockhashNotFound',
];

/** A JSON-RPC error object, as a node answers it. */
export type RpcError = { code: number; message: string; data?: unknown };
export type RpcAnswer = { result: unknown } | { error: RpcError };

type Executed = { wire: string; slot: bigint; err: unknown };

/** A transaction error as the RPC encodes it (`"BlockhashNotFound"`, `{"InstructionError": …}`). */
function transactionErrorOf(failed: FailedTransactionMetadata): unknown {
  const error: unknown = failed.err();
  if (typeof error === 'number')
    return TRANSACTION_ERROR_NAMES[error] ?? `TransactionError${error}`;
  return { InstructionError: [0, 'GenericError'] };
}

function preflightFailure(err: unknown, logs: string[]): RpcAnswer {
  return {
    error: {
      code: -32002,
      message: `Transaction simulation failed: ${String(err)}`,
      data: { err, logs, accounts: null, unitsConsumed: 0 },
    },
  };
}

/**
 * A LiteSVM ledger behind the JSON-RPC methods that payouts call, answering in the shapes a
 * validator does (and @solana/kit parses): `context` wrappers, u64 as JSON numbers, base64 bytes.
 * Like a validator with preflight on, a transaction that fails is refused with -32002.
 *
 * Unlike LiteSVM alone, each executed transaction makes a new block with a new blockhash, and a
 * blockhash stays usable for the window the embedded ledger promises: so two payouts of the same
 * amount to the same wallet are two transactions, and a stored one can be sent again later.
 */
export function createRpcLedger(svm = new LiteSVM().withBlockhashCheck(false)) {
  const executed = new Map<string, Executed>();
  // Each blockhash handed out, with the last block height at which it may land.
  const issued = new Map<string, bigint>();
  const slot = () => svm.getClock().slot;
  const context = () => ({ slot: slot() });

  function lifetime() {
    const blockhash = svm.latestBlockhash();
    const lastValidBlockHeight = issued.get(blockhash) ?? slot() + BLOCKHASH_WINDOW;
    issued.set(blockhash, lastValidBlockHeight);
    return { blockhash, lastValidBlockHeight };
  }

  function isLive(blockhash: string): boolean {
    const lastValid = issued.get(blockhash);
    return lastValid !== undefined && slot() <= lastValid;
  }

  function nextBlock() {
    svm.warpToSlot(slot() + 1n);
    svm.expireBlockhash();
  }

  const decode = (wireBase64: string) =>
    getTransactionDecoder().decode(getBase64Encoder().encode(wireBase64));

  function execute(wireBase64: string): RpcAnswer {
    const transaction = decode(wireBase64);
    const signature = getSignatureFromTransaction(transaction);
    const { lifetimeToken } = getCompiledTransactionMessageDecoder().decode(
      transaction.messageBytes,
    );
    if (!executed.has(signature) && !isLive(lifetimeToken)) {
      return preflightFailure('BlockhashNotFound', []);
    }
    const result = svm.sendTransaction(transaction);
    if (!(result instanceof FailedTransactionMetadata)) {
      executed.set(signature, { wire: wireBase64, slot: slot(), err: null });
      nextBlock();
      return { result: signature };
    }
    const err = transactionErrorOf(result);
    // A repeat (AlreadyProcessed) must not overwrite what the first one did.
    if (!executed.has(signature) && svm.getTransaction(signature)) {
      executed.set(signature, { wire: wireBase64, slot: slot(), err });
    }
    return preflightFailure(err, result.meta().logs());
  }

  function statusOf(signature: Signature) {
    const found = executed.get(signature);
    if (!found) return null;
    return {
      slot: found.slot,
      confirmations: null,
      err: found.err,
      status: found.err ? { Err: found.err } : { Ok: null },
      confirmationStatus: 'finalized',
    };
  }

  function transactionOf(signature: Signature) {
    const found = executed.get(signature);
    if (!found) return null;
    return {
      slot: found.slot,
      blockTime: null,
      version: 0,
      transaction: [found.wire, 'base64'],
      meta: {
        err: found.err,
        status: found.err ? { Err: found.err } : { Ok: null },
        fee: FEE_LAMPORTS,
        preBalances: [],
        postBalances: [],
        innerInstructions: [],
        logMessages: [],
        preTokenBalances: [],
        postTokenBalances: [],
        rewards: [],
        loadedAddresses: { writable: [], readonly: [] },
        computeUnitsConsumed: 150,
      },
    };
  }

  return {
    svm,
    signatureOf: (wireBase64: string) => getSignatureFromTransaction(decode(wireBase64)),
    /** Runs a sent transaction: its signature, or the error a validator's preflight answers. */
    execute,
    /** The JSON-RPC result of a read-only method, undefined for a method it does not serve. */
    read(method: string, params: unknown[]): unknown {
      switch (method) {
        case 'getLatestBlockhash':
          return { context: context(), value: lifetime() };
        case 'getBlockHeight':
        case 'getSlot':
          return slot();
        case 'getBalance':
          return { context: context(), value: svm.getBalance(params[0] as Address) ?? 0n };
        case 'getSignatureStatuses':
          return { context: context(), value: (params[0] as Signature[]).map(statusOf) };
        case 'getTransaction':
          return transactionOf(params[0] as Signature);
        default:
          return undefined;
      }
    },
    /** Past every lifetime handed out so far: no transaction signed before can land any more. */
    expireBlockhash() {
      const lastValid = [...issued.values()].reduce(
        (max, height) => (height > max ? height : max),
        0n,
      );
      svm.warpToSlot((lastValid > slot() ? lastValid : slot()) + 1n);
      svm.expireBlockhash();
    },
    airdrop(address: Address, amount: bigint) {
      const result = svm.airdrop(address, lamports(amount));
      if (!result || result instanceof FailedTransactionMetadata) throw new Error('airdrop failed');
    },
    /** The System Program transfers to `address` that executed successfully. */
    transfersTo(address: Address): TransferLeg[] {
      return [...executed.values()]
        .filter((entry) => entry.err === null)
        .flatMap((entry) => systemTransfersOf(entry.wire))
        .filter((leg) => leg.destination === address);
    },
  };
}

export type RpcLedger = ReturnType<typeof createRpcLedger>;
