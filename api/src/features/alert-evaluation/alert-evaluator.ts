import type { AppDeps } from '../../app-env.js';
import { groupBy } from '../../lib/group-by.js';
import { repeatWithPause } from '../../lib/repeat.js';
import { effectiveRule, type EffectiveRule } from '../notification-rules/effective-rules.js';
import { notify } from '../notifications/notifications.service.js';
import {
  allEpisodes,
  devicesToEvaluate,
  moveEpisode,
  rulesOfEvents,
  type RuleRow,
  type StoredEpisode,
} from './alert-evaluation.queries.js';
import {
  conditionsOf,
  isOnline,
  EVALUATED_EVENTS,
  resolvedText,
  type Condition,
  type DeviceSnapshot,
  type EvaluatedEvent,
} from './conditions.js';
import { FLAP_WINDOW_MS, stepEpisode, type Announcement, type Episode } from './episodes.js';

type EvaluatorDeps = Pick<AppDeps, 'db' | 'events' | 'config' | 'logger'>;

/** The enabled rules of the evaluated events as they apply to one device. */
function enabledRules(account: RuleRow[], device: RuleRow[]): Map<EvaluatedEvent, EffectiveRule> {
  const rules = new Map<EvaluatedEvent, EffectiveRule>();
  for (const event of EVALUATED_EVENTS) {
    const rule = effectiveRule(event, account, device);
    if (rule.enabled) rules.set(event, rule);
  }
  return rules;
}

function sameEpisode(a: Episode | null, b: Episode | null): boolean {
  if (!a || !b) return a === b;
  return (
    a.state === b.state &&
    a.since.getTime() === b.since.getTime() &&
    a.notifiedStatus === b.notifiedStatus &&
    a.firedCount === b.firedCount &&
    a.flapWindowStart?.getTime() === b.flapWindowStart?.getTime() &&
    a.flapping === b.flapping &&
    a.changedAt.getTime() === b.changedAt.getTime()
  );
}

/** The notification an announcement makes. */
function announcementOf(
  announce: Announcement,
  device: DeviceSnapshot,
  event: EvaluatedEvent,
  subject: string,
  condition: Condition | undefined,
) {
  if (announce === 'resolved') {
    return { ...resolvedText(event, device.name, subject), severity: 'info' as const };
  }
  if (announce === 'flapping') {
    const minutes = FLAP_WINDOW_MS / 60_000;
    return {
      severity: 'warning' as const,
      title: `${condition?.title ?? `${device.name}: ${event}`}, again and again`,
      message:
        `${event} keeps firing and clearing on ${device.name}. Its alerts pause until it holds ` +
        `still for ${minutes} min; then you are told where it stands.`,
    };
  }
  return {
    severity: condition?.severity ?? 'warning',
    title: condition?.title ?? `${device.name}: ${event}`,
    message: condition?.message ?? '',
  };
}

/** Moves one episode a step; the announcement, if any, is stored with the move or not at all. */
async function advance(
  deps: EvaluatorDeps,
  device: DeviceSnapshot,
  event: EvaluatedEvent,
  subject: string,
  before: StoredEpisode | undefined,
  condition: Condition | undefined,
  now: Date,
): Promise<boolean> {
  const step = stepEpisode(before ?? null, condition?.active ?? false, condition?.holdMs ?? 0, now);
  if (!step.announce && sameEpisode(before ?? null, step.next)) return false;
  const key = { deviceId: device.id, accountId: device.accountId, event, subject };
  return deps.db.transaction().execute(async (trx) => {
    if (!(await moveEpisode(trx, key, before ?? null, step.next))) return false;
    if (!step.announce) return false;
    const status = step.announce === 'resolved' ? 'resolved' : 'firing';
    await notify(trx, deps, {
      accountId: device.accountId,
      deviceId: device.id,
      kind: 'alert',
      alert: { event, status },
      ...announcementOf(step.announce, device, event, subject, condition),
    });
    return true;
  });
}

async function evaluateDevice(
  deps: EvaluatorDeps,
  device: DeviceSnapshot,
  rules: Map<EvaluatedEvent, EffectiveRule>,
  episodes: StoredEpisode[],
  now: Date,
): Promise<number> {
  let announced = 0;
  const keyOf = (event: string, subject: string) => `${event}\u0000${subject}`;
  const stored = new Map(
    episodes.map((episode) => [keyOf(episode.event, episode.subject), episode]),
  );
  const conditions = conditionsOf(device, rules, now);
  for (const condition of conditions) {
    const key = keyOf(condition.event, condition.subject);
    const before = stored.get(key);
    stored.delete(key);
    if (await advance(deps, device, condition.event, condition.subject, before, condition, now)) {
      announced += 1;
    }
  }
  // What was watched and is not judged now: a rule turned off forgets it quietly; a service
  // no longer reported has cleared; the rest is left as it was while the device is offline.
  const online = isOnline(device, now);
  for (const episode of stored.values()) {
    const event = episode.event as EvaluatedEvent;
    if (!rules.has(event)) {
      await moveEpisode(deps.db, { ...episode }, episode, null);
    } else if (online || event === 'device.offline') {
      if (await advance(deps, device, event, episode.subject, episode, undefined, now)) {
        announced += 1;
      }
    }
  }
  return announced;
}

/**
 * One evaluation of every device against its rules, as of `now`: conditions that held long
 * enough fire, those that stopped resolve, each announced once, in the same transaction as the
 * episode's move. Returns how many alerts it announced.
 */
export async function evaluateAlerts(deps: EvaluatorDeps, now = new Date()): Promise<number> {
  const [devices, rules, episodes] = await Promise.all([
    devicesToEvaluate(deps.db),
    rulesOfEvents(deps.db, EVALUATED_EVENTS),
    allEpisodes(deps.db),
  ]);
  const accountRules = groupBy(
    rules.filter((rule) => rule.device_id === null),
    (rule) => rule.account_id,
  );
  const deviceRules = groupBy(
    rules.filter((rule) => rule.device_id !== null),
    (rule) => rule.device_id ?? '',
  );
  const episodesByDevice = groupBy(episodes, (episode) => episode.deviceId);
  let announced = 0;
  for (const device of devices) {
    const applying = enabledRules(
      accountRules.get(device.accountId) ?? [],
      deviceRules.get(device.id) ?? [],
    );
    // One device's failure (its database row locked away, a lost connection) skips that
    // device this round, not the rest of the fleet.
    announced += await evaluateDevice(
      deps,
      device,
      applying,
      episodesByDevice.get(device.id) ?? [],
      now,
    ).catch((error: Error) => {
      deps.logger.warn({ deviceId: device.id, err: error.message }, 'evaluating a device failed');
      return 0;
    });
  }
  return announced;
}

/** Evaluates every `config.notifications.evaluationMs`, one evaluation at a time. */
export function startAlertEvaluator(deps: EvaluatorDeps): () => Promise<void> {
  return repeatWithPause(
    () => evaluateAlerts(deps),
    deps.config.notifications.evaluationMs,
    (error) => deps.logger.warn({ err: error.message }, 'alert evaluation failed'),
  );
}
