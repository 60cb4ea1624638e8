import {
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
} from '@solana/kit';
import {
  getTransferSolInstructionDataDecoder,
  SYSTEM_PROGRAM_ADDRESS,
  TRANSFER_SOL_DISCRIMINATOR,
} from '@solana-program/system';
import type { TransferLeg } from './chain.js';

// A u32 discriminator and a u64 amount.
const TRANSFER_DATA_BYTES = 12;

/**
 * The System Program transfers in a signed transaction as it went on chain (its wire bytes):
 * what a payout actually moved, read from the bytes, never from what the API meant to send.
 */
export function systemTransfersOf(wireBase64: string): TransferLeg[] {
  const transaction = getTransactionDecoder().decode(getBase64Encoder().encode(wireBase64));
  const message = getCompiledTransactionMessageDecoder().decode(transaction.messageBytes);
  // Payouts are signed as v0 messages; a v1 message is none of ours and moved nothing of them.
  if (message.version === 1) return [];
  const accounts = message.staticAccounts;
  const data = getTransferSolInstructionDataDecoder();
  return message.instructions.flatMap((instruction) => {
    const bytes = instruction.data;
    const [sourceIndex, destinationIndex] = instruction.accountIndices ?? [];
    const source = sourceIndex === undefined ? undefined : accounts[sourceIndex];
    const destination = destinationIndex === undefined ? undefined : accounts[destinationIndex];
    if (accounts[instruction.programAddressIndex] !== SYSTEM_PROGRAM_ADDRESS) return [];
    if (bytes?.length !== TRANSFER_DATA_BYTES || !source || !destination) return [];
    const decoded = data.decode(bytes);
    if (decoded.discriminator !== TRANSFER_SOL_DISCRIMINATOR) return [];
    return [{ source, destination, lamports: decoded.amount }];
  });
}
