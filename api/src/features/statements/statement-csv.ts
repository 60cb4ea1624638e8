import { csvField, solText } from '../earnings/ledger-csv.js';
import type { Statement } from './statement.js';

const HEADER = [
  'section',
  'at',
  'reference',
  'device_id',
  'description',
  'amount_lamports',
  'amount_sol',
  'energy_kwh',
  'energy_cost',
  'currency',
  'signature',
  'explorer_url',
  'reconciliation',
];

type Row = Partial<Record<(typeof HEADER)[number], string | null>>;

/** A spreadsheet runs a cell that starts like a formula: user-given text never does. */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function line(row: Row): string {
  return `${HEADER.map((name) => csvField(row[name] ?? null)).join(',')}\n`;
}

function amount(lamports: string): Row {
  return { amount_lamports: lamports, amount_sol: solText(lamports) };
}

function payoutRow(payout: Statement['payouts'][number]): Row {
  const check = payout.reconciliation;
  const found = check.problems.map((problem) => problem.code).join(' ');
  return {
    section: 'payout',
    at: payout.at,
    reference: payout.payoutId,
    description: text(
      `Payout to ${payout.address ?? 'unknown address'} (${payout.status ?? 'no payout record'})`,
    ),
    ...amount(payout.ledgerLamports),
    signature: payout.signature,
    explorer_url: payout.explorerUrl,
    reconciliation: found ? `${check.status}: ${found}` : check.status,
  };
}

/**
 * The statement as CSV: one row per line of the statement, in its order. The amount column
 * adds up: opening balance + credits + payouts = closing balance.
 */
export function statementCsv(statement: Statement): string {
  const { energy } = statement;
  const rows: Row[] = [
    {
      section: 'opening_balance',
      at: statement.from,
      description: `Opening balance ${statement.month} (${statement.timezone})`,
      ...amount(statement.openingBalanceLamports),
    },
    ...statement.devices.map((device) => ({
      section: 'credits',
      device_id: device.deviceId,
      description: text(device.name),
      ...amount(device.creditsLamports),
      energy_kwh: String(device.energyKwh),
      energy_cost: device.energyCost,
      currency: energy.currency,
    })),
    ...(statement.unassignedCreditsLamports === '0'
      ? []
      : [
          {
            section: 'credits',
            description: 'Adjustments not tied to a device',
            ...amount(statement.unassignedCreditsLamports),
          },
        ]),
    ...statement.payouts.map(payoutRow),
    {
      section: 'closing_balance',
      at: statement.to,
      description: `Closing balance ${statement.month}${statement.complete ? '' : ' (month in progress)'}`,
      ...amount(statement.closingBalanceLamports),
    },
    {
      section: 'energy_total',
      description: `Measured energy at ${energy.electricityPrice} ${energy.currency}/kWh`,
      energy_kwh: String(energy.kwh),
      energy_cost: energy.cost,
      currency: energy.currency,
    },
  ];
  return HEADER.join(',') + '\n' + rows.map(line).join('');
}
