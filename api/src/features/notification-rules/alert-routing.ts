import type { Executor } from '../../db/database.js';
import { deliverableChannels, type ChannelRow } from '../channels/channels.queries.js';
import type { AlertOf } from './alert-events.js';
import { effectiveRule } from './effective-rules.js';
import { accountRules, deviceRules, isMuted, quietHoursOf } from './notification-rules.queries.js';
import { quietUntil } from './quiet-hours.js';

/** `immediate`: a security event, sent at once, never grouped or held. */
export type Route = { channels: ChannelRow[]; notBefore?: Date; immediate?: boolean };

/**
 * Where an alert goes and when: the channels its rule names (all by default) among the
 * account's enabled, verified ones; nowhere when the rule is off or the device is in maintenance;
 * held until quiet hours end unless it is critical. Security events skip all of that.
 */
export async function routeAlert(
  db: Executor,
  alert: AlertOf & { accountId: string; deviceId: string | null; critical: boolean },
  now = new Date(),
): Promise<Route> {
  const channels = await deliverableChannels(db, alert.accountId);
  if (channels.length === 0) return { channels };
  const device = alert.deviceId ? await deviceRules(db, alert.deviceId) : [];
  const rule = effectiveRule(alert.event, await accountRules(db, alert.accountId), device);
  if (rule.security) return { channels, immediate: true };
  if (!rule.enabled) return { channels: [] };
  if (alert.deviceId && (await isMuted(db, alert.deviceId))) return { channels: [] };
  const chosen = rule.channelIds
    ? channels.filter((channel) => rule.channelIds?.includes(channel.id))
    : channels;
  if (alert.critical) return { channels: chosen };
  const { quiet, timezone } = await quietHoursOf(db, alert.accountId);
  const until = quietUntil(now, quiet, timezone);
  return until ? { channels: chosen, notBefore: until } : { channels: chosen };
}
