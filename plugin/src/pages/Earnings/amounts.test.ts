import { describe, expect, it } from 'vitest';
import { shortenAddress, signedSol } from './amounts';

describe('signedSol', () => {
  it('signs credits and debits as a statement does', () => {
    expect(signedSol('40150105')).toEqual({ text: '+0.0401 SOL', direction: 'credit' });
    expect(signedSol('-128031406')).toEqual({ text: '−0.128 SOL', direction: 'debit' });
    expect(signedSol('0')).toEqual({ text: '0 SOL', direction: 'zero' });
  });
});

describe('shortenAddress', () => {
  it('keeps both ends of a long address', () => {
    expect(shortenAddress('9bZqtb7QKdKUJw3JoJrRzqcSNWtDL11ArvpbV3n5N4q6')).toBe('9bZq…N4q6');
    expect(shortenAddress('short')).toBe('short');
  });
});
