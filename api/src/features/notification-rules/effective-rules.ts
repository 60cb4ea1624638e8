import type { RuleParams } from '../../db/database.js';
import { ALERT_EVENT_NAMES, ALERT_EVENTS, type AlertEvent } from './alert-events.js';
import type { StoredRule } from './notification-rules.queries.js';

export type EffectiveRule = {
  event: AlertEvent;
  enabled: boolean;
  /** null: every channel. */
  channelIds: string[] | null;
  /** Every param of the event, with its value as it applies. */
  params: Record<string, number>;
  security: boolean;
  description: string;
};

function effectiveParams(
  event: AlertEvent,
  ...layers: (RuleParams | null | undefined)[]
): Record<string, number> {
  const params: Record<string, number> = {};
  for (const [name, spec] of Object.entries(ALERT_EVENTS[event].params)) {
    const chosen = layers.map((layer) => layer?.[name]).find((value) => value !== undefined);
    params[name] = chosen ?? spec.default;
  }
  return params;
}

/**
 * One event's rule as it applies: the default, then the account's rule, then the device's
 * override (a null field or absent param inherits). Security events stay on whatever was stored.
 */
export function effectiveRule(
  event: AlertEvent,
  account: StoredRule[],
  device: StoredRule[] = [],
): EffectiveRule {
  const spec = ALERT_EVENTS[event];
  const own = account.find((rule) => rule.event === event);
  const override = device.find((rule) => rule.event === event);
  const enabled = override?.enabled ?? own?.enabled ?? spec.enabled;
  return {
    event,
    enabled: spec.security || enabled,
    channelIds: override?.channel_ids ?? own?.channel_ids ?? null,
    params: effectiveParams(event, override?.params, own?.params),
    security: spec.security,
    description: spec.description,
  };
}

/** Every event's rule as it applies. */
export function effectiveRules(account: StoredRule[], device: StoredRule[] = []): EffectiveRule[] {
  return ALERT_EVENT_NAMES.map((event) => effectiveRule(event, account, device));
}
