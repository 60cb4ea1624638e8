import { formatSol } from '../../utils/format';

export type Direction = 'credit' | 'debit' | 'zero';

/** A ledger amount as a statement prints it: `+0.04 SOL` for credits, `−0.128 SOL` for debits. */
export function signedSol(lamports: string): { text: string; direction: Direction } {
  const value = BigInt(lamports);
  if (value > BigInt(0)) return { text: `+${formatSol(value)}`, direction: 'credit' };
  if (value < BigInt(0)) return { text: formatSol(value), direction: 'debit' };
  return { text: formatSol(value), direction: 'zero' };
}

/** `9bZqtb7Q…N4q6`-style: enough of both ends to compare with a wallet app. */
export function shortenAddress(address: string, keep = 4): string {
  return address.length <= keep * 2 + 1
    ? address
    : `${address.slice(0, keep)}…${address.slice(-keep)}`;
}

/** The first block of a UUID, as a reference a person can read out. */
export function shortId(id: string): string {
  return id.split('-')[0] ?? id;
}
