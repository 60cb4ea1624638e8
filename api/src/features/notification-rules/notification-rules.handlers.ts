import { announceDeviceState } from '../devices/device-state-events.js';
import type { z } from '@hono/zod-openapi';
import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { listChannels } from '../channels/channels.queries.js';
import { ALERT_EVENTS, type AlertEvent, type ParamSpec } from './alert-events.js';
import { effectiveRules, type EffectiveRule } from './effective-rules.js';
import {
  accountRules,
  deviceRules,
  muteOf,
  quietHoursOf,
  replaceRules,
  setMutedUntil,
  setQuietHours,
  type StoredRule,
} from './notification-rules.queries.js';
import {
  getDeviceRulesRoute,
  getRulesRoute,
  muteDeviceRoute,
  putDeviceRulesRoute,
  putRulesRoute,
  unmuteDeviceRoute,
} from './notification-rules.routes.js';
import type { DeviceOverrideSchema } from './notification-rules.schemas.js';

const DEVICE = 'Device';
const MAX_MUTE_MS = 366 * 24 * 60 * 60 * 1000;

/** A rule as the API shows it: with the bounds of its params, for forms. */
function toRule(rule: EffectiveRule) {
  return { ...rule, paramSpecs: ALERT_EVENTS[rule.event].params };
}

async function rulesOf(db: Executor, accountId: string) {
  const [rules, { quiet }] = await Promise.all([
    accountRules(db, accountId),
    quietHoursOf(db, accountId),
  ]);
  return { rules: effectiveRules(rules).map(toRule), quietHours: quiet };
}

async function deviceRulesOf(db: Executor, accountId: string, deviceId: string) {
  const mute = await muteOf(db, accountId, deviceId);
  if (!mute) throw ApiError.notFound(DEVICE);
  const [own, overrides] = await Promise.all([
    accountRules(db, accountId),
    deviceRules(db, deviceId),
  ]);
  return {
    overrides: overrides.map((rule) => ({
      event: rule.event as AlertEvent,
      ...(rule.enabled === null ? {} : { enabled: rule.enabled }),
      ...(rule.channel_ids === null ? {} : { channelIds: rule.channel_ids }),
      ...(rule.params === null ? {} : { params: rule.params as Record<string, number> }),
    })),
    effective: effectiveRules(own, overrides).map(toRule),
    mutedUntil:
      mute.mutedUntil && mute.mutedUntil > new Date() ? mute.mutedUntil.toISOString() : null,
  };
}

type RuleInput = z.infer<typeof DeviceOverrideSchema>;

/** Each param must be one the event has, within its bounds. */
function checkParams(index: number, rule: RuleInput): void {
  const specs: Readonly<Record<string, ParamSpec>> = ALERT_EVENTS[rule.event as AlertEvent].params;
  for (const [name, value] of Object.entries(rule.params ?? {})) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    const where = `rules.${index}.params.${name}`;
    if (!spec) {
      const known = Object.keys(specs).join(', ') || 'none';
      throw ApiError.badRequest(
        'invalid_request',
        `${where}: ${rule.event} has no such param (it has: ${known})`,
      );
    }
    if (value < spec.min || value > spec.max) {
      throw ApiError.badRequest(
        'invalid_request',
        `${where}: must be ${spec.min}–${spec.max} ${spec.unit}`,
      );
    }
  }
}

/** Channel ids must name the account's own channels; a security event cannot be turned off. */
async function checkRules(db: Executor, accountId: string, rules: RuleInput[]): Promise<void> {
  const own = new Set((await listChannels(db, accountId)).map((channel) => channel.id));
  const seen = new Set<string>();
  for (const [index, rule] of rules.entries()) {
    if (seen.has(rule.event)) {
      throw ApiError.badRequest(
        'invalid_request',
        `rules.${index}.event: ${rule.event} is given twice`,
      );
    }
    seen.add(rule.event);
    checkParams(index, rule);
    if (ALERT_EVENTS[rule.event as AlertEvent].security && rule.enabled === false) {
      throw ApiError.badRequest(
        'invalid_request',
        `rules.${index}.enabled: ${rule.event} is a security event and cannot be turned off`,
      );
    }
    const foreign = rule.channelIds?.find((id) => !own.has(id));
    if (foreign) {
      throw ApiError.badRequest(
        'invalid_request',
        `rules.${index}.channelIds: no channel ${foreign}`,
      );
    }
  }
}

function toStored(rule: RuleInput): StoredRule {
  return {
    event: rule.event,
    enabled: rule.enabled ?? null,
    channel_ids: rule.channelIds ?? null,
    params: rule.params && Object.keys(rule.params).length > 0 ? rule.params : null,
  };
}

export const notificationRuleRoutes = createRouter()
  .openapi(getRulesRoute, async (c) =>
    c.json(await rulesOf(c.var.deps.db, c.var.user.accountId), 200),
  )
  .openapi(putRulesRoute, async (c) => {
    const { accountId } = c.var.user;
    const body = c.req.valid('json');
    const stored = await c.var.deps.db.transaction().execute(async (trx) => {
      await checkRules(trx, accountId, body.rules);
      await replaceRules(trx, accountId, undefined, body.rules.map(toStored));
      await setQuietHours(trx, accountId, body.quietHours);
      return rulesOf(trx, accountId);
    });
    return c.json(stored, 200);
  })
  .openapi(getDeviceRulesRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await deviceRulesOf(c.var.deps.db, c.var.user.accountId, id), 200);
  })
  .openapi(putDeviceRulesRoute, async (c) => {
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const { rules } = c.req.valid('json');
    const stored = await c.var.deps.db.transaction().execute(async (trx) => {
      if (!(await muteOf(trx, accountId, id))) throw ApiError.notFound(DEVICE);
      await checkRules(trx, accountId, rules);
      await replaceRules(trx, accountId, id, rules.map(toStored));
      return deviceRulesOf(trx, accountId, id);
    });
    return c.json(stored, 200);
  })
  .openapi(muteDeviceRoute, async (c) => {
    const { id } = c.req.valid('param');
    const until = new Date(c.req.valid('json').until);
    const ahead = until.getTime() - Date.now();
    if (ahead <= 0 || ahead > MAX_MUTE_MS) {
      throw ApiError.badRequest('invalid_request', 'until: must be in the future, within a year');
    }
    if (!(await setMutedUntil(c.var.deps.db, c.var.user.accountId, id, until))) {
      throw ApiError.notFound(DEVICE);
    }
    await announceDeviceState(c.var.deps, id);
    return c.json({ mutedUntil: until.toISOString() }, 200);
  })
  .openapi(unmuteDeviceRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await setMutedUntil(c.var.deps.db, c.var.user.accountId, id, null))) {
      throw ApiError.notFound(DEVICE);
    }
    await announceDeviceState(c.var.deps, id);
    return c.body(null, 204);
  });
