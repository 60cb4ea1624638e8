/** A threshold an event's rule can set, with its bounds and default. */
export type ParamSpec = {
  label: string;
  unit: 'min' | 'h' | '°C';
  min: number;
  max: number;
  default: number;
};

const forMinutes = (defaultValue: number, max = 1440): ParamSpec => ({
  label: 'For at least',
  unit: 'min',
  min: 1,
  max,
  default: defaultValue,
});
const forHours = (defaultValue: number, max: number): ParamSpec => ({
  label: 'For at least',
  unit: 'h',
  min: 1,
  max,
  default: defaultValue,
});

type EventSpec = {
  description: string;
  /** Always sent to every verified channel, at once; cannot be turned off, muted or held. */
  security: boolean;
  enabled: boolean;
  params: Readonly<Record<string, ParamSpec>>;
};

/** The events that leave the app, with their defaults. */
export const ALERT_EVENTS = {
  'device.offline': {
    description: 'A device sent nothing for a while, and when it reports again.',
    security: false,
    enabled: true,
    params: { forMinutes: forMinutes(5) },
  },
  'gpu.hot': {
    description: 'A GPU stayed past a temperature, or throttled, for a while.',
    security: false,
    enabled: true,
    params: {
      temperatureC: { label: 'Temperature', unit: '°C', min: 50, max: 110, default: 85 },
      forMinutes: forMinutes(5, 120),
    },
  },
  'gpu.xid': {
    description: 'The driver logged an Xid error for a GPU (at most one alert a GPU an hour).',
    security: false,
    enabled: true,
    params: {},
  },
  'gpu.ecc': {
    description: 'A GPU counted uncorrectable ECC errors (at most one alert a GPU an hour).',
    security: false,
    enabled: true,
    params: {},
  },
  'device.idle': {
    description: 'A device was online with no running job and its GPUs under 5 % busy.',
    security: false,
    enabled: true,
    params: { forHours: forHours(6, 168) },
  },
  'earnings.stalled': {
    description: 'An online device earned nothing for a while.',
    security: false,
    enabled: true,
    params: { forHours: forHours(24, 720) },
  },
  'device.service_down': {
    description: 'A service the collector watches stopped.',
    security: false,
    enabled: true,
    params: { forMinutes: forMinutes(2) },
  },
  'grafana.alert': {
    description: 'A Grafana alert rule fired, or resolved, for a device.',
    security: false,
    enabled: true,
    params: {},
  },
  'payout.held': {
    description:
      'A payout waits: above the per-payout limit, for an operator to approve it, or past the daily limit, until there is room.',
    security: false,
    enabled: true,
    params: {},
  },
  'payout.sent': {
    description: 'A payout was sent.',
    security: false,
    enabled: false,
    params: {},
  },
  'payout.confirmed': {
    description: 'A payout was confirmed on chain.',
    security: false,
    enabled: true,
    params: {},
  },
  'payout.failed': {
    description: 'A payout failed and was credited back.',
    security: false,
    enabled: true,
    params: {},
  },
  'payout.mismatch': {
    description:
      'Reconciliation found a confirmed payout that the chain does not show as recorded (signature, amount or address).',
    security: false,
    enabled: true,
    params: {},
  },
  'wallet.changed': {
    description: 'The payout address was set or changed.',
    security: true,
    enabled: true,
    params: {},
  },
  'auth.new_login': {
    description: 'Someone signed in from a browser or an IP address not seen before.',
    security: true,
    enabled: true,
    params: {},
  },
} as const satisfies Record<string, EventSpec>;

export type AlertEvent = keyof typeof ALERT_EVENTS;
export const ALERT_EVENT_NAMES = Object.keys(ALERT_EVENTS) as AlertEvent[];

export function isAlertEvent(name: string): name is AlertEvent {
  return Object.hasOwn(ALERT_EVENTS, name);
}

/** The names of an event's params, e.g. `'forMinutes'` for `device.offline`. */
export type ParamOf<E extends AlertEvent> = keyof (typeof ALERT_EVENTS)[E]['params'] & string;

/** What a notification is as an alert: its event, and whether it fires or resolves. */
export type AlertOf = { event: AlertEvent; status: 'firing' | 'resolved' };
