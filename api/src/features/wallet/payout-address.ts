import { getBase58Encoder, isOffCurveAddress, type Address } from '@solana/kit';

export type AddressCheck = { ok: true; address: Address } | { ok: false; problem: string };

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/;

/**
 * Programs and token mints: valid keys, but nobody holds the key to them, so SOL paid there is
 * lost. The System Program and wrapped SOL are even on the curve, so no other check catches them.
 */
const NOT_WALLETS = new Map([
  ['11111111111111111111111111111111', 'the System Program'],
  ['TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', 'the SPL Token program'],
  ['TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb', 'the Token-2022 program'],
  ['ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL', 'the Associated Token Account program'],
  ['So11111111111111111111111111111111111111112', 'the wrapped SOL mint'],
  ['EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', 'the USDC mint'],
  ['Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB', 'the USDT mint'],
]);

/**
 * Checks a pasted payout address without ever repeating it back (it may be a private key
 * pasted by mistake): base58, 32 bytes, and on the ed25519 curve, so a wallet can sign for it.
 */
export function checkPayoutAddress(input: string): AddressCheck {
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'is required' };
  if (!BASE58.test(text)) {
    return {
      ok: false,
      problem:
        'is not a Solana address: it must be base58 (letters and digits except 0, O, I and l)',
    };
  }
  const bytes = getBase58Encoder().encode(text);
  if (bytes.length === 64) {
    return {
      ok: false,
      problem:
        'is 64 bytes long, which is what a private key looks like. Never share a private key: paste your wallet’s public address instead',
    };
  }
  if (bytes.length !== 32) {
    return { ok: false, problem: `decodes to ${bytes.length} bytes; a Solana address is 32 bytes` };
  }
  const known = NOT_WALLETS.get(text);
  if (known) {
    return {
      ok: false,
      problem: `is ${known}, not a wallet: SOL sent there can never be taken out. Paste your wallet’s own address`,
    };
  }
  const address = text as Address;
  if (isOffCurveAddress(address)) {
    return {
      ok: false,
      problem:
        'is not a wallet address: it is off the ed25519 curve (like a program-derived address), so no wallet can sign for it',
    };
  }
  return { ok: true, address };
}
