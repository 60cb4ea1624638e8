import type { LedgerEntry } from './earnings.queries.js';

export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const CSV_HEADER = 'id,at,kind,amount_lamports,amount_sol,device_id,job_id,payout_id,note\n';

/** SOL with nine decimals, from integer lamports: exact, never a float. */
export function solText(lamports: string): string {
  const negative = lamports.startsWith('-');
  const digits = (negative ? lamports.slice(1) : lamports).padStart(10, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -9)}.${digits.slice(-9)}`;
}

export function csvLine(entry: LedgerEntry): string {
  const fields = [
    entry.id,
    entry.at,
    entry.kind,
    entry.amountLamports,
    solText(entry.amountLamports),
    entry.deviceId,
    entry.jobId,
    entry.payoutId,
    entry.note,
  ];
  return `${fields.map(csvField).join(',')}\n`;
}
