import type { NotificationSeverity } from '@ioworker/contract';
import type { LatestSample } from '../../db/database.js';
import type { EffectiveRule } from '../notification-rules/effective-rules.js';
import { deviceStatus } from '../status/device-connection.js';

/** What the evaluator knows of a device: what ingest keeps, and its jobs and earnings. */
export type DeviceSnapshot = {
  id: string;
  accountId: string;
  name: string;
  lastSeenAt: Date;
  intervalS: number;
  gpus: LatestSample['gpus'];
  services: LatestSample['services'];
  hasRunningJob: boolean;
  /** Paused by its owner: it takes no jobs, so it is neither idle nor expected to earn. */
  paused: boolean;
  /** The last job credit, else when the device was added. */
  earningSince: Date;
};

/** The events the evaluator decides from state over time; the others are told as they happen. */
export const EVALUATED_EVENTS = [
  'device.offline',
  'gpu.hot',
  'device.idle',
  'earnings.stalled',
  'device.service_down',
] as const;
export type EvaluatedEvent = (typeof EVALUATED_EVENTS)[number];

/** One thing that holds, or not, on a device now; the texts are for when it fires. */
export type Condition = {
  event: EvaluatedEvent;
  subject: string;
  active: boolean;
  holdMs: number;
  severity: NotificationSeverity;
  title: string;
  message: string;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Below this every GPU counts as idle. */
const IDLE_UTILIZATION_PCT = 5;

function minutesSince(time: Date, now: Date): number {
  return Math.floor((now.getTime() - time.getTime()) / MINUTE);
}

export function isOnline(device: DeviceSnapshot, now: Date): boolean {
  const row = { last_seen_at: device.lastSeenAt, interval_s: device.intervalS };
  return deviceStatus(row, now.getTime()) === 'online';
}

function offline(device: DeviceSnapshot, rule: EffectiveRule, now: Date): Condition {
  const minutes = minutesSince(device.lastSeenAt, now);
  return {
    event: 'device.offline',
    subject: '',
    active: !isOnline(device, now) && minutes >= (rule.params.forMinutes ?? 0),
    holdMs: 0,
    severity: 'warning',
    title: `${device.name} is offline`,
    message: `${device.name} has sent nothing for ${minutes} min (since ${device.lastSeenAt.toISOString()}).`,
  };
}

function hot(device: DeviceSnapshot, rule: EffectiveRule): Condition {
  const limit = rule.params.temperatureC ?? Infinity;
  const hotGpus = device.gpus.filter(
    (gpu) => gpu.throttled === true || (gpu.temperatureC ?? -Infinity) >= limit,
  );
  const worst = Math.max(...hotGpus.map((gpu) => gpu.temperatureC ?? -Infinity));
  const list = hotGpus
    .map((gpu) => {
      const temperature = gpu.temperatureC === undefined ? '' : ` at ${gpu.temperatureC} °C`;
      return `GPU ${gpu.index}${temperature}${gpu.throttled ? ', throttling' : ''}`;
    })
    .join('; ');
  return {
    event: 'gpu.hot',
    subject: '',
    active: hotGpus.length > 0,
    holdMs: (rule.params.forMinutes ?? 0) * MINUTE,
    severity: worst >= limit + 10 ? 'critical' : 'warning',
    title: `${device.name} is running hot`,
    message: `${device.name}: ${list} (limit ${limit} °C, for ${rule.params.forMinutes} min).`,
  };
}

function idle(device: DeviceSnapshot, rule: EffectiveRule): Condition {
  const utilisations = device.gpus.map((gpu) => gpu.utilizationPct);
  const allIdle =
    utilisations.length > 0 &&
    utilisations.every((value) => value !== undefined && value < IDLE_UTILIZATION_PCT);
  return {
    event: 'device.idle',
    subject: '',
    active: allIdle && !device.hasRunningJob,
    holdMs: (rule.params.forHours ?? 0) * HOUR,
    severity: 'info',
    title: `${device.name} is idle`,
    message: `${device.name} has had no job and its GPUs under ${IDLE_UTILIZATION_PCT} % busy for ${rule.params.forHours} h.`,
  };
}

function stalled(device: DeviceSnapshot, rule: EffectiveRule, now: Date): Condition {
  const hours = Math.floor((now.getTime() - device.earningSince.getTime()) / HOUR);
  return {
    event: 'earnings.stalled',
    subject: '',
    active: hours >= (rule.params.forHours ?? Infinity),
    holdMs: 0,
    severity: 'warning',
    title: `${device.name} earns nothing`,
    message: `${device.name} is online but has earned nothing for ${hours} h.`,
  };
}

function servicesDown(device: DeviceSnapshot, rule: EffectiveRule): Condition[] {
  return device.services.map((service) => ({
    event: 'device.service_down',
    subject: service.name,
    active: !service.up,
    holdMs: (rule.params.forMinutes ?? 0) * MINUTE,
    severity: 'warning',
    title: `${service.name} is down on ${device.name}`,
    message: `The service ${service.name} on ${device.name} has been stopped since ${service.checkedAt} or earlier.`,
  }));
}

/**
 * What holds on a device now, for each enabled event. An offline device is judged only on being
 * offline: what it last said of its GPUs and services is not news while it says nothing.
 */
export function conditionsOf(
  device: DeviceSnapshot,
  rules: ReadonlyMap<EvaluatedEvent, EffectiveRule>,
  now: Date,
): Condition[] {
  const conditions: Condition[] = [];
  const offlineRule = rules.get('device.offline');
  if (offlineRule) conditions.push(offline(device, offlineRule, now));
  if (!isOnline(device, now)) return conditions;
  const hotRule = rules.get('gpu.hot');
  if (hotRule) conditions.push(hot(device, hotRule));
  const idleRule = rules.get('device.idle');
  if (idleRule && !device.paused) conditions.push(idle(device, idleRule));
  const stalledRule = rules.get('earnings.stalled');
  if (stalledRule && !device.paused) conditions.push(stalled(device, stalledRule, now));
  const serviceRule = rules.get('device.service_down');
  if (serviceRule) conditions.push(...servicesDown(device, serviceRule));
  return conditions;
}

/** The texts of a resolution: what cleared, on which device. */
export function resolvedText(event: EvaluatedEvent, device: string, subject: string) {
  const texts: Record<EvaluatedEvent, { title: string; message: string }> = {
    'device.offline': {
      title: `${device} is back online`,
      message: `${device} is reporting again.`,
    },
    'gpu.hot': {
      title: `${device} has cooled down`,
      message: `${device}'s GPUs are back in range.`,
    },
    'device.idle': { title: `${device} is busy again`, message: `${device} is working again.` },
    'earnings.stalled': {
      title: `${device} earns again`,
      message: `${device} was credited for a job.`,
    },
    'device.service_down': {
      title: `${subject} is up on ${device}`,
      message: `The service ${subject} on ${device} runs again.`,
    },
  };
  return texts[event];
}
