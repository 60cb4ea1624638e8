import { generateKeyPairSigner } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import { signTransfer } from '../treasury.js';
import { createLocalLedger } from './local-ledger.js';

describe('the embedded ledger', () => {
  it('gives each transfer its own blockhash: the same payout twice moves SOL twice', async () => {
    const ledger = createLocalLedger();
    const treasury = await generateKeyPairSigner();
    await ledger.airdrop?.(treasury.address, 10_000_000_000n);
    const wallet = (await generateKeyPairSigner()).address;
    const signatures = [];
    for (let payout = 0; payout < 2; payout += 1) {
      const signed = await signTransfer(
        treasury,
        wallet,
        500_000_000n,
        await ledger.latestLifetime(),
      );
      expect(await ledger.send(signed.wire)).toEqual({ kind: 'accepted' });
      signatures.push(signed.signature);
    }
    expect(new Set(signatures).size).toBe(2);
    expect(await ledger.getBalance(wallet)).toBe(1_000_000_000n);
  });
});
