import type { Config } from '../../config.js';
import type { PayoutProblem } from '../../db/database.js';
import { formatDecimal } from '../../lib/decimal.js';
import { explorerUrl } from '../payouts/payout-steps.js';
import {
  add,
  fixed,
  formatFiat,
  multiply,
  parseFixed,
  round,
  toNumber,
  type Fixed,
} from '../profitability/fixed-decimal.js';
import type { MonthBounds, MonthSum, PayoutLine } from './statements.queries.js';

const MONEY_PLACES = 6;

export type LineCheck = {
  status: 'matched' | 'mismatch' | 'unverifiable' | 'unchecked' | 'not_applicable';
  checkedAt: string | null;
  problems: PayoutProblem[];
};

export type StatementInput = {
  month: string;
  bounds: MonthBounds;
  now: Date;
  openingBalance: string;
  sums: MonthSum[];
  payouts: PayoutLine[];
  energy: { device_id: string; energy_wh: number }[];
  names: Map<string, string>;
  electricity: { electricity_price: string; currency: string };
  /** Payouts the chain cannot speak for (confirmed before an in-memory ledger started). */
  unverifiable: Set<string>;
  network: 'local-ledger' | 'solana' | null;
  config: Config;
};

type DeviceTotals = { job: bigint; adjustment: bigint; wattHours: number };

function deviceTotals(input: StatementInput): Map<string, DeviceTotals> {
  const devices = new Map<string, DeviceTotals>();
  const of = (id: string) => {
    const found = devices.get(id) ?? { job: 0n, adjustment: 0n, wattHours: 0 };
    devices.set(id, found);
    return found;
  };
  for (const sum of input.sums) {
    if (sum.device_id === null || sum.kind === 'payout') continue;
    of(sum.device_id)[sum.kind] += BigInt(sum.lamports);
  }
  for (const row of input.energy) of(row.device_id).wattHours += row.energy_wh;
  return devices;
}

/** Measured energy is a float integral; it is fixed to whole mWh here, once. */
function kwhOf(wattHours: number): Fixed {
  return fixed(BigInt(Math.round(wattHours * 1000)), 6);
}

function deviceLines(input: StatementInput, price: Fixed) {
  return [...deviceTotals(input)]
    .map(([deviceId, totals]) => {
      const kwh = kwhOf(totals.wattHours);
      const cost = round(multiply(kwh, price), MONEY_PLACES);
      return {
        deviceId,
        name: input.names.get(deviceId) ?? 'Deleted device',
        jobLamports: totals.job.toString(),
        adjustmentLamports: totals.adjustment.toString(),
        creditsLamports: (totals.job + totals.adjustment).toString(),
        energyKwh: toNumber(kwh, 6),
        energyCost: formatFiat(cost),
        kwh,
        cost,
      };
    })
    .sort(
      (a, b) =>
        Number(BigInt(b.creditsLamports) - BigInt(a.creditsLamports)) ||
        a.name.localeCompare(b.name),
    );
}

function lineCheck(line: PayoutLine, unverifiable: Set<string>): LineCheck {
  const checkedAt = line.checked_at?.toISOString() ?? null;
  if (line.status !== 'confirmed') return { status: 'not_applicable', checkedAt, problems: [] };
  if (line.problems) {
    const status = line.problems.length > 0 ? 'mismatch' : 'matched';
    return { status, checkedAt, problems: line.problems };
  }
  const status = line.payout_id && unverifiable.has(line.payout_id) ? 'unverifiable' : 'unchecked';
  return { status, checkedAt, problems: [] };
}

function payoutEntries(input: StatementInput) {
  return input.payouts.map((line) => ({
    payoutId: line.payout_id,
    at: line.at.toISOString(),
    amountLamports: line.amount_lamports,
    ledgerLamports: line.ledger_lamports,
    address: line.address,
    status: line.status,
    signature: line.signature,
    explorerUrl:
      line.signature && line.status !== 'failed' ? explorerUrl(input.config, line.signature) : null,
    failureReason: line.failure_reason,
    reconciliation: lineCheck(line, input.unverifiable),
  }));
}

type PayoutEntry = ReturnType<typeof payoutEntries>[number];

function reconciliationSummary(payouts: PayoutEntry[], network: StatementInput['network']) {
  const count = (status: LineCheck['status']) =>
    payouts.filter((payout) => payout.reconciliation.status === status).length;
  const mismatches = count('mismatch');
  const open = count('unchecked') + count('unverifiable');
  return {
    status: mismatches > 0 ? 'mismatch' : open > 0 ? 'incomplete' : 'matched',
    matched: count('matched'),
    mismatches,
    unchecked: count('unchecked'),
    unverifiable: count('unverifiable'),
    network,
  } as const;
}

function accountSum(sums: MonthSum[], kind: MonthSum['kind']): bigint {
  const row = sums.find((sum) => sum.device_id === null && sum.kind === kind);
  return BigInt(row?.lamports ?? '0');
}

/**
 * A month's statement: opening balance, credits by device, payouts with what reconciliation
 * found, closing balance, and the measured energy priced with the account's electricity price.
 * Opening + credits + payouts = closing, to the lamport.
 */
export function buildStatement(input: StatementInput) {
  const price = parseFixed(input.electricity.electricity_price);
  const devices = deviceLines(input, price);
  const credits = accountSum(input.sums, 'job') + accountSum(input.sums, 'adjustment');
  const deviceCredits = devices.reduce((sum, device) => sum + BigInt(device.creditsLamports), 0n);
  const payoutsTotal = accountSum(input.sums, 'payout');
  const opening = BigInt(input.openingBalance);
  const payouts = payoutEntries(input);
  const energyCost = devices.reduce((sum, device) => add(sum, device.cost), fixed(0n));
  const energyKwh = devices.reduce((sum, device) => add(sum, device.kwh), fixed(0n));
  return {
    month: input.month,
    timezone: input.bounds.timezone,
    from: input.bounds.from.toISOString(),
    to: input.bounds.to.toISOString(),
    complete: input.now >= input.bounds.to,
    generatedAt: input.now.toISOString(),
    openingBalanceLamports: opening.toString(),
    creditsLamports: credits.toString(),
    payoutsLamports: payoutsTotal.toString(),
    closingBalanceLamports: (opening + credits + payoutsTotal).toString(),
    devices: devices.map(({ cost: _cost, kwh: _kwh, ...device }) => device),
    unassignedCreditsLamports: (credits - deviceCredits).toString(),
    payouts,
    energy: {
      kwh: toNumber(energyKwh, 6),
      cost: formatFiat(energyCost),
      currency: input.electricity.currency,
      electricityPrice: formatDecimal(input.electricity.electricity_price),
    },
    reconciliation: reconciliationSummary(payouts, input.network),
  };
}

export type Statement = ReturnType<typeof buildStatement>;
