import type { Signature } from '@solana/kit';
import type { AppDeps } from '../../app-env.js';
import type { PayoutProblem } from '../../db/database.js';
import { notify } from '../notifications/notifications.service.js';
import type { Chain, TransferLeg } from './chain/chain.js';
import { explorerUrl, solText } from './payout-steps.js';
import {
  payoutsToCheck,
  storePayoutCheck,
  type CheckScope,
  type PayoutToCheck,
} from './reconciliation.queries.js';

type ChainFinding = {
  problems: PayoutProblem[];
  chainLamports: bigint | null;
  chainDestination: string | null;
};

export type PayoutCheck = ChainFinding & { payoutId: string; accountId: string };

export type Reconciliation = {
  checks: PayoutCheck[];
  /** Payouts the chain cannot speak for: confirmed before an in-memory local ledger started. */
  unverifiable: string[];
};

function problem(
  code: PayoutProblem['code'],
  message: string,
  expected: string | null = null,
  actual: string | null = null,
): PayoutProblem {
  return { code, message, expected, actual };
}

function ledgerProblems(payout: PayoutToCheck): PayoutProblem[] {
  if (payout.ledger_lamports === payout.amount_lamports) return [];
  return [
    problem(
      'ledger_differs',
      `The ledger debited ${payout.ledger_lamports} lamports for a payout of ${payout.amount_lamports}.`,
      payout.amount_lamports,
      payout.ledger_lamports,
    ),
  ];
}

function transferProblems(payout: PayoutToCheck, transfers: TransferLeg[]): ChainFinding {
  const chainLamports = transfers.reduce((sum, leg) => sum + leg.lamports, 0n);
  const destinations = [...new Set(transfers.map((leg) => leg.destination))];
  const chainDestination = destinations.join(' ') || null;
  const problems: PayoutProblem[] = [];
  if (chainLamports.toString() !== payout.amount_lamports) {
    problems.push(
      problem(
        'amount_differs',
        `The chain moved ${chainLamports} lamports; the payout is ${payout.amount_lamports}.`,
        payout.amount_lamports,
        chainLamports.toString(),
      ),
    );
  }
  const onFile = payout.address_on_file;
  if (onFile === null || destinations.length !== 1 || destinations[0] !== onFile) {
    const message =
      onFile === null
        ? `Paid to ${chainDestination ?? 'no address'}, but no payout address was on file then.`
        : `Paid to ${chainDestination ?? 'no address'}, but the address on file then was ${onFile}.`;
    problems.push(problem('destination_differs', message, onFile, chainDestination));
  }
  return { problems, chainLamports, chainDestination };
}

/**
 * One confirmed payout against the chain's own record of its transaction: the signature is
 * there and succeeded, the SOL it moved is the payout's amount, and it went to the address on
 * file when the payout was made. The ledger's debit is checked against the amount too.
 */
export async function checkPayout(
  chain: Pick<Chain, 'transaction'>,
  payout: PayoutToCheck,
): Promise<ChainFinding> {
  const ledger = ledgerProblems(payout);
  if (!payout.signature) {
    const missing = problem('signature_missing', 'Marked confirmed, but no signature is stored.');
    return { problems: [missing, ...ledger], chainLamports: null, chainDestination: null };
  }
  const recorded = await chain.transaction(payout.signature as Signature);
  if (recorded.kind === 'unknown') {
    const absent = problem(
      'not_on_chain',
      'The chain has no transaction with this signature.',
      payout.signature,
    );
    return { problems: [absent, ...ledger], chainLamports: null, chainDestination: null };
  }
  if (recorded.kind === 'failed') {
    const failed = problem(
      'failed_on_chain',
      `The transaction failed on chain (${recorded.reason}).`,
      'confirmed',
      'failed',
    );
    return { problems: [failed, ...ledger], chainLamports: null, chainDestination: null };
  }
  const found = transferProblems(payout, recorded.transfers);
  return { ...found, problems: [...found.problems, ...ledger] };
}

type ReconcileDeps = Pick<AppDeps, 'db' | 'events' | 'config'> & { chain: Chain };

/** Raised once per payout, however often it is checked: the dedupe key is the payout's. */
async function raiseMismatch(deps: ReconcileDeps, payout: PayoutToCheck, found: ChainFinding) {
  const link = payout.signature ? ` ${explorerUrl(deps.config, payout.signature)}` : '';
  await notify(deps.db, deps, {
    accountId: payout.account_id,
    deviceId: null,
    kind: 'payout.mismatch',
    dedupeKey: `payout.mismatch:${payout.id}`,
    alert: { event: 'payout.mismatch', status: 'firing' },
    severity: 'critical',
    title: `Payout of ${solText(payout.amount_lamports)} SOL does not match the chain`,
    message: `${found.problems.map((each) => each.message).join(' ')}${link}`,
  });
}

/**
 * Checks the confirmed payouts in scope against the chain, stores what it found and raises
 * `payout.mismatch` for each payout that disagrees.
 */
export async function reconcilePayouts(
  deps: ReconcileDeps,
  scope: CheckScope,
): Promise<Reconciliation> {
  const result: Reconciliation = { checks: [], unverifiable: [] };
  const { startedAt } = deps.chain;
  for (const payout of await payoutsToCheck(deps.db, scope)) {
    if (startedAt && payout.updated_at < startedAt) {
      result.unverifiable.push(payout.id);
      continue;
    }
    const found = await checkPayout(deps.chain, payout);
    await storePayoutCheck(deps.db, { payoutId: payout.id, ...found });
    if (found.problems.length > 0) await raiseMismatch(deps, payout, found);
    result.checks.push({ payoutId: payout.id, accountId: payout.account_id, ...found });
  }
  return result;
}
