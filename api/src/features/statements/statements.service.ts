import type { AppDeps } from '../../app-env.js';
import { ApiError } from '../../lib/api-error.js';
import { reconcilePayouts } from '../payouts/reconciliation.js';
import { monthAt, parseMonth } from './month.js';
import { buildStatement, type Statement } from './statement.js';
import {
  accountTimezone,
  activeMonths,
  balanceBefore,
  deviceNames,
  electricitySettings,
  monthBounds,
  monthEnergy,
  monthSums,
  payoutLines,
  type MonthBounds,
} from './statements.queries.js';

type Deps = Pick<AppDeps, 'db' | 'events' | 'config' | 'payouts'>;

async function boundsOf(deps: Deps, accountId: string, month: string, now: Date) {
  const bounds = await monthBounds(deps.db, accountId, parseMonth(month));
  if (!bounds) throw ApiError.notFound('Account');
  const current = monthAt(now, bounds.timezone);
  if (month > current) {
    throw ApiError.badRequest(
      'month_in_future',
      `month: ${month} has not begun in ${bounds.timezone}; the latest statement is ${current}.`,
    );
  }
  return bounds;
}

/** Confirmed payouts of the month not checked yet are checked now: each once, not per view. */
async function reconcileMonth(deps: Deps, accountId: string, bounds: MonthBounds) {
  if (!deps.payouts) return new Set<string>();
  const { unverifiable } = await reconcilePayouts(
    { ...deps, chain: deps.payouts.chain },
    { accountId, from: bounds.from, to: bounds.to, recheck: false },
  );
  return new Set(unverifiable);
}

/** A month's statement of the account, reconciled with the chain where payouts are on. */
export async function loadStatement(
  deps: Deps,
  accountId: string,
  month: string,
  now = new Date(),
): Promise<Statement> {
  const { db } = deps;
  const bounds = await boundsOf(deps, accountId, month, now);
  const unverifiable = await reconcileMonth(deps, accountId, bounds);
  const [openingBalance, sums, payouts, energy, electricity] = await Promise.all([
    balanceBefore(db, accountId, bounds.from),
    monthSums(db, accountId, bounds),
    payoutLines(db, accountId, bounds),
    monthEnergy(db, accountId, bounds),
    electricitySettings(db, accountId),
  ]);
  const ids = [
    ...new Set([
      ...sums.flatMap((sum) => (sum.device_id ? [sum.device_id] : [])),
      ...energy.map((row) => row.device_id),
    ]),
  ];
  const names = await deviceNames(db, accountId, ids);
  const network = deps.payouts
    ? deps.payouts.chain.kind === 'local'
      ? ('local-ledger' as const)
      : ('solana' as const)
    : null;
  return buildStatement({
    month,
    bounds,
    now,
    openingBalance,
    sums,
    payouts,
    energy,
    names: new Map(names.map((device) => [device.id, device.name])),
    electricity,
    unverifiable,
    network,
    config: deps.config,
  });
}

/** The months with activity, newest first, and whether each has ended. */
export async function listMonths(deps: Pick<AppDeps, 'db'>, accountId: string, now = new Date()) {
  const [months, timezone] = await Promise.all([
    activeMonths(deps.db, accountId),
    accountTimezone(deps.db, accountId),
  ]);
  const current = monthAt(now, timezone);
  return {
    timezone,
    months: months
      .filter((month) => month <= current)
      .map((month) => ({ month, complete: month < current })),
  };
}
