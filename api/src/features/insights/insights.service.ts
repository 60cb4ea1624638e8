import type { Executor } from '../../db/database.js';
import { devicesToEvaluate } from '../alert-evaluation/alert-evaluation.queries.js';
import { COHORT_WINDOW_DAYS, cohortsByModel } from './cohort-cache.js';
import {
  cohortComparison,
  cohortInsight,
  conditionInsights,
  INSIGHT_EVENTS,
  insightRules,
  type CohortComparison,
  type Insight,
} from './insights.js';
import { accountDeviceRates, accountRulesOf, openEpisodes } from './insights.queries.js';

const DAY_MS = 86_400_000;

export type AccountInsights = {
  insights: Insight[];
  /** Per device with use in the window: its cohort comparison, null without a cohort. */
  cohorts: Map<string, CohortComparison | null>;
};

async function idleAndStalled(db: Executor, accountId: string, now: Date): Promise<Insight[]> {
  const [devices, rules, episodes] = await Promise.all([
    devicesToEvaluate(db, accountId),
    accountRulesOf(db, accountId, INSIGHT_EVENTS),
    openEpisodes(db, accountId, 'device.idle'),
  ]);
  const idleSince = new Map(episodes.map((episode) => [episode.deviceId, episode]));
  return devices.flatMap((device) =>
    conditionInsights(device, insightRules(device, rules), idleSince.get(device.id), now),
  );
}

async function cohortFindings(db: Executor, accountId: string, now: Date) {
  const from = new Date(now.getTime() - COHORT_WINDOW_DAYS * DAY_MS);
  const [rates, cohorts] = await Promise.all([
    accountDeviceRates(db, accountId, from),
    cohortsByModel(db, now),
  ]);
  const comparisons = new Map<string, CohortComparison | null>();
  const insights: Insight[] = [];
  for (const rate of rates) {
    const comparison = cohortComparison(rate, cohorts);
    comparisons.set(rate.device_id, comparison);
    const insight = comparison && cohortInsight(rate, comparison);
    if (insight) insights.push(insight);
  }
  return { insights, comparisons };
}

/**
 * The account's insights as of `now`: idle and stalled devices by the alert rules' conditions,
 * and devices that earn clearly apart from their GPU model's platform median.
 */
export async function accountInsights(
  db: Executor,
  accountId: string,
  now = new Date(),
): Promise<AccountInsights> {
  const [conditions, cohort] = await Promise.all([
    idleAndStalled(db, accountId, now),
    cohortFindings(db, accountId, now),
  ]);
  return { insights: [...conditions, ...cohort.insights], cohorts: cohort.comparisons };
}
