import { describe, expect, it } from 'vitest';
import type { EffectiveRule } from '../notification-rules/effective-rules.js';
import { conditionsOf, type DeviceSnapshot, type EvaluatedEvent } from './conditions.js';

const now = new Date('2026-12-05T12:00:00Z');

function rule(event: EvaluatedEvent, params: Record<string, number>): EffectiveRule {
  return { event, enabled: true, channelIds: null, params, security: false, description: '' };
}

const rules = new Map<EvaluatedEvent, EffectiveRule>([
  ['device.idle', rule('device.idle', { forHours: 1 })],
  ['earnings.stalled', rule('earnings.stalled', { forHours: 24 })],
]);

function device(paused: boolean): DeviceSnapshot {
  return {
    id: 'd1',
    accountId: 'a1',
    name: 'rig',
    lastSeenAt: now,
    intervalS: 10,
    gpus: [{ index: 0, utilizationPct: 0 }],
    services: [],
    hasRunningJob: false,
    paused,
    earningSince: new Date(now.getTime() - 48 * 3_600_000),
  };
}

describe('conditionsOf', () => {
  it('finds an online device without work idle and not earning', () => {
    const active = conditionsOf(device(false), rules, now).filter((each) => each.active);
    expect(active.map((each) => each.event).sort()).toEqual(['device.idle', 'earnings.stalled']);
  });

  it('finds a paused device neither idle nor stalled: its owner took it off the network', () => {
    const events = conditionsOf(device(true), rules, now).map((each) => each.event);
    expect(events).not.toContain('device.idle');
    expect(events).not.toContain('earnings.stalled');
  });
});
