import {
  appendTransactionMessageInstruction,
  createKeyPairSignerFromBytes,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type KeyPairSigner,
  type Signature,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { readFile } from 'node:fs/promises';
import type { Lifetime } from './chain/chain.js';

/** A keypair file as the Solana CLI writes it: a JSON array of 64 bytes. */
export async function loadTreasury(path: string): Promise<KeyPairSigner> {
  let bytes: unknown;
  try {
    bytes = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`TREASURY_KEYPAIR: cannot read ${path} as JSON (${(error as Error).message})`);
  }
  if (
    !Array.isArray(bytes) ||
    bytes.length !== 64 ||
    !bytes.every((byte) => Number.isInteger(byte) && byte >= 0 && byte < 256)
  ) {
    throw new Error('TREASURY_KEYPAIR: must hold a JSON array of 64 bytes (Solana CLI format)');
  }
  return createKeyPairSignerFromBytes(new Uint8Array(bytes as number[]));
}

export type SignedTransfer = { signature: Signature; wire: string; lastValidBlockHeight: bigint };

/** A SOL transfer from the treasury, signed and ready to send (and to re-send byte for byte). */
export async function signTransfer(
  treasury: KeyPairSigner,
  destination: Address,
  amount: bigint,
  lifetime: Lifetime,
): Promise<SignedTransfer> {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (draft) => setTransactionMessageFeePayerSigner(treasury, draft),
    (draft) => setTransactionMessageLifetimeUsingBlockhash(lifetime, draft),
    (draft) =>
      appendTransactionMessageInstruction(
        getTransferSolInstruction({ source: treasury, destination, amount }),
        draft,
      ),
  );
  const transaction = await signTransactionMessageWithSigners(message);
  return {
    signature: getSignatureFromTransaction(transaction),
    wire: getBase64EncodedWireTransaction(transaction),
    lastValidBlockHeight: lifetime.lastValidBlockHeight,
  };
}
