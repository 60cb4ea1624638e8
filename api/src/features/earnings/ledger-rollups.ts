import type { Db } from '../../db/database.js';
import {
  lockLedgerAgainstInserts,
  repairRollup,
  rollupDifferences,
  ROLLUP_NAMES,
} from './ledger-rollups.queries.js';

/**
 * Recomputes the ledger's rollups from the ledger (one account's, or every account's) and
 * lists where they differ. With `repair`, new entries wait while the differing rows are set
 * back to the ledger's sums.
 *
 * @example
 * const { total } = await checkLedgerRollups(db, { repair: false }); // 0 when all agree
 */
export async function checkLedgerRollups(db: Db, options: { accountId?: string; repair: boolean }) {
  if (!options.repair) {
    return { ...(await rollupDifferences(db, options.accountId)), repaired: false };
  }
  return db.transaction().execute(async (trx) => {
    await lockLedgerAgainstInserts(trx);
    const found = await rollupDifferences(trx, options.accountId);
    if (found.total === 0) return { ...found, repaired: false };
    for (const name of ROLLUP_NAMES) await repairRollup(trx, name, options.accountId);
    return { ...found, repaired: true };
  });
}
