import type { Executor } from '../../db/database.js';
import { cohortMedians, type CohortRow } from './insights.queries.js';

/** A model's cohort shows only when this many accounts run it: fewer could reveal one of them. */
export const MIN_COHORT_ACCOUNTS = 5;
export const COHORT_WINDOW_DAYS = 30;
/** The platform's medians move slowly; one scan of every device's 30 days serves 10 minutes. */
export const COHORT_TTL_MS = 10 * 60_000;

const DAY_MS = 86_400_000;

type Held = { at: number; cohorts: Promise<Map<string, CohortRow>> };

// One entry per database handle: each API instance (and each test's) keeps its own.
const held = new WeakMap<Executor, Held>();

async function readCohorts(db: Executor, now: Date): Promise<Map<string, CohortRow>> {
  const from = new Date(now.getTime() - COHORT_WINDOW_DAYS * DAY_MS);
  const rows = await cohortMedians(db, from, MIN_COHORT_ACCOUNTS);
  return new Map(rows.map((row) => [row.model, row]));
}

/**
 * The cohorts by GPU model, read at most once per COHORT_TTL_MS; callers that come while a read
 * runs share it, and a failed read is not kept.
 *
 * @example
 * const cohort = (await cohortsByModel(db)).get('NVIDIA H100 80GB HBM3');
 */
export function cohortsByModel(db: Executor, now = new Date()): Promise<Map<string, CohortRow>> {
  const current = held.get(db);
  if (current && now.getTime() - current.at < COHORT_TTL_MS) return current.cohorts;
  const cohorts = readCohorts(db, now);
  const entry = { at: now.getTime(), cohorts };
  held.set(db, entry);
  cohorts.catch(() => {
    if (held.get(db) === entry) held.delete(db);
  });
  return cohorts;
}
