/**
 * The events that leave the app, with their defaults. Security events always go to every
 * verified channel, are never delayed by quiet hours or muted, and cannot be turned off.
 */
export const ALERT_EVENTS = {
  'device.offline': {
    description: 'A device stopped reporting (3 missed intervals), and when it reports again.',
    security: false,
    enabled: true,
  },
  'grafana.alert': {
    description: 'A Grafana alert rule fired, or resolved, for a device.',
    security: false,
    enabled: true,
  },
  'payout.sent': { description: 'A payout was sent.', security: false, enabled: false },
  'payout.confirmed': {
    description: 'A payout was confirmed on chain.',
    security: false,
    enabled: true,
  },
  'payout.failed': {
    description: 'A payout failed and was credited back.',
    security: false,
    enabled: true,
  },
  'wallet.changed': {
    description: 'The payout address was set or changed.',
    security: true,
    enabled: true,
  },
} as const;

export type AlertEvent = keyof typeof ALERT_EVENTS;
export const ALERT_EVENT_NAMES = Object.keys(ALERT_EVENTS) as AlertEvent[];

/** What a notification is as an alert: its event, and whether it fires or resolves. */
export type AlertOf = { event: AlertEvent; status: 'firing' | 'resolved' };
