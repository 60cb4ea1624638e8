import { ALERT_EVENT_NAMES, ALERT_EVENTS, type AlertEvent } from './alert-events.js';
import type { StoredRule } from './notification-rules.queries.js';

export type EffectiveRule = {
  event: AlertEvent;
  enabled: boolean;
  /** null: every channel. */
  channelIds: string[] | null;
  security: boolean;
  description: string;
};

/**
 * Every event's rule as it applies: the default, then the account's rule, then the device's
 * override (a null field inherits). Security events stay on whatever was stored.
 */
export function effectiveRules(account: StoredRule[], device: StoredRule[] = []): EffectiveRule[] {
  return ALERT_EVENT_NAMES.map((event) => {
    const spec = ALERT_EVENTS[event];
    const own = account.find((rule) => rule.event === event);
    const override = device.find((rule) => rule.event === event);
    const enabled = override?.enabled ?? own?.enabled ?? spec.enabled;
    return {
      event,
      enabled: spec.security || enabled,
      channelIds: override?.channel_ids ?? own?.channel_ids ?? null,
      security: spec.security,
      description: spec.description,
    };
  });
}
