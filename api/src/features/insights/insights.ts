import type { RuleRow } from '../alert-evaluation/alert-evaluation.queries.js';
import {
  conditionsOf,
  type DeviceSnapshot,
  type EvaluatedEvent,
} from '../alert-evaluation/conditions.js';
import { effectiveRule, type EffectiveRule } from '../notification-rules/effective-rules.js';
import type { CohortRow, DeviceRate, OpenEpisode } from './insights.queries.js';

export type CohortComparison = {
  model: string;
  devicePerGpuHourLamports: string;
  cohortMedianPerGpuHourLamports: string;
  accounts: number;
  devices: number;
};

export type Insight = {
  kind: 'idle' | 'earnings_stalled' | 'below_cohort' | 'above_cohort';
  deviceId: string;
  deviceName: string;
  since?: string;
  hours?: number;
  message: string;
  cohort?: CohortComparison;
};

const HOUR_MS = 3_600_000;
/** Within this share of the median a device is on par: no insight. */
const COHORT_BAND = 0.2;
export const INSIGHT_EVENTS = ['device.idle', 'earnings.stalled'] as const;

/**
 * The idle and stalled rules as they apply to a device, whether or not they alert: the insight
 * shows the same conditions with the same thresholds, alerting or not.
 */
export function insightRules(
  device: DeviceSnapshot,
  rules: RuleRow[],
): Map<EvaluatedEvent, EffectiveRule> {
  const account = rules.filter((rule) => rule.device_id === null);
  const own = rules.filter((rule) => rule.device_id === device.id);
  return new Map(INSIGHT_EVENTS.map((event) => [event, effectiveRule(event, account, own)]));
}

function wholeHours(since: Date, now: Date): number {
  return Math.floor((now.getTime() - since.getTime()) / HOUR_MS);
}

/**
 * When the device's idleness began, as the evaluator saw it: a pending episode's start, or a
 * firing one's start less the hold it waited (a firing episode keeps when it fired).
 */
function idleStart(episode: OpenEpisode, holdMs: number): Date {
  if (episode.state === 'pending') return episode.since;
  return new Date(episode.since.getTime() - holdMs);
}

/** What holds on a device now among the idle and stalled conditions, as insights. */
export function conditionInsights(
  device: DeviceSnapshot,
  rules: Map<EvaluatedEvent, EffectiveRule>,
  idleEpisode: OpenEpisode | undefined,
  now: Date,
): Insight[] {
  const insights: Insight[] = [];
  const base = { deviceId: device.id, deviceName: device.name };
  for (const condition of conditionsOf(device, rules, now)) {
    if (!condition.active) continue;
    if (condition.event === 'earnings.stalled') {
      insights.push({
        ...base,
        kind: 'earnings_stalled',
        since: device.earningSince.toISOString(),
        hours: wholeHours(device.earningSince, now),
        message: condition.message,
      });
    } else if (condition.event === 'device.idle' && idleEpisode) {
      const since = idleStart(idleEpisode, condition.holdMs);
      const hours = wholeHours(since, now);
      if (now.getTime() - since.getTime() < condition.holdMs) continue;
      insights.push({
        ...base,
        kind: 'idle',
        since: since.toISOString(),
        hours,
        message: `${device.name} is online but has been idle for ${hours} h: no job, GPUs under 5 % busy.`,
      });
    }
  }
  return insights;
}

/** The device's rate beside its model's cohort; null without a cohort of at least 5 accounts. */
export function cohortComparison(
  rate: DeviceRate,
  cohorts: ReadonlyMap<string, CohortRow>,
): CohortComparison | null {
  const cohort = cohorts.get(rate.model);
  if (!cohort) return null;
  return {
    model: rate.model,
    devicePerGpuHourLamports: Math.round(rate.per_gpu_hour).toString(),
    cohortMedianPerGpuHourLamports: Math.round(cohort.median).toString(),
    accounts: cohort.accounts,
    devices: cohort.devices,
  };
}

/** An insight when the device earns clearly less, or more, per GPU-hour than its cohort. */
export function cohortInsight(rate: DeviceRate, comparison: CohortComparison): Insight | null {
  const median = Number(comparison.cohortMedianPerGpuHourLamports);
  if (median <= 0) return null;
  const ratio = rate.per_gpu_hour / median;
  if (Math.abs(ratio - 1) <= COHORT_BAND) return null;
  const percent = Math.round(Math.abs(ratio - 1) * 100);
  const below = ratio < 1;
  return {
    kind: below ? 'below_cohort' : 'above_cohort',
    deviceId: rate.device_id,
    deviceName: rate.name,
    message:
      `${rate.name} earned ${percent} % ${below ? 'less' : 'more'} per GPU-hour over 30 days ` +
      `than the median ${comparison.model} on the platform (${comparison.devices} devices, ` +
      `${comparison.accounts} accounts).`,
    cohort: comparison,
  };
}
