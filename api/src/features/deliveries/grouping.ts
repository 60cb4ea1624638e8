import { NOTIFICATION_SEVERITIES } from '@ioworker/contract';
import type { StoredMessage } from '../../db/database.js';
import { groupBy } from '../../lib/group-by.js';
import type { DeliveryRow } from './deliveries.queries.js';

const LISTED = 20;

/** Severities are listed mildest first. */
const rank = (severity: (typeof NOTIFICATION_SEVERITIES)[number]) =>
  NOTIFICATION_SEVERITIES.indexOf(severity);

/**
 * Deliveries that leave as one message: per channel, alerts of one event and status; and
 * every alert quiet hours held for a channel, as one digest.
 */
export function groupDeliveries(deliveries: DeliveryRow[]): DeliveryRow[][] {
  const keyOf = ({ id, channel_id: channelId, message }: DeliveryRow) => {
    // A channel's own messages (a test, a code, a link) and mail to the account each stand alone.
    if (!channelId || message.event.startsWith('channel.')) return id;
    if (message.heldForQuietHours) return `${channelId}\u0000digest`;
    return `${channelId}\u0000${message.event}\u0000${message.status}`;
  };
  return [...groupBy(deliveries, keyOf).values()];
}

/** How a group of one event reads, firing and resolved: `${count} ${words}`. */
const GROUP_WORDS: Record<string, { firing: string; resolved: string }> = {
  'device.offline': { firing: 'devices offline', resolved: 'devices reporting again' },
  'gpu.hot': { firing: 'devices running hot', resolved: 'devices cooled down' },
  'gpu.xid': { firing: 'GPUs with Xid errors', resolved: 'GPUs without Xid errors' },
  'gpu.ecc': { firing: 'GPUs with ECC errors', resolved: 'GPUs without ECC errors' },
  'device.idle': { firing: 'devices idle', resolved: 'devices busy again' },
  'earnings.stalled': { firing: 'devices earning nothing', resolved: 'devices earning again' },
  'device.service_down': { firing: 'services down', resolved: 'services up again' },
  'grafana.alert': { firing: 'alerts firing', resolved: 'alerts resolved' },
};

function groupTitle(first: StoredMessage, count: number, digest: boolean): string {
  if (digest) return `${count} alerts while your quiet hours lasted`;
  const words = Object.hasOwn(GROUP_WORDS, first.event) ? GROUP_WORDS[first.event] : undefined;
  return words ? `${count} ${words[first.status]}` : `${count} notifications: ${first.event}`;
}

/** One message for a group: the lowest id (stable across retries), a count and a list. */
export function combine(
  head: DeliveryRow,
  rest: DeliveryRow[],
): { id: string; message: StoredMessage } {
  const sorted = [head, ...rest].sort((a, b) => (a.id < b.id ? -1 : 1));
  const [lowest = head] = sorted;
  const first = lowest.message;
  const digest = Boolean(first.heldForQuietHours);
  const lines = sorted.slice(0, LISTED).map(({ message }) => `• ${message.title}`);
  if (sorted.length > LISTED) lines.push(`… and ${sorted.length - LISTED} more`);
  const severity = sorted
    .map(({ message }) => message.severity)
    .reduce((worst, next) => (rank(next) > rank(worst) ? next : worst), first.severity);
  return {
    id: lowest.id,
    message: {
      event: digest ? 'digest' : first.event,
      status: digest ? 'firing' : first.status,
      severity,
      occurredAt: sorted.map(({ message }) => message.occurredAt).reduce((a, b) => (b < a ? b : a)),
      title: groupTitle(first, sorted.length, digest),
      message: lines.join('\n'),
      count: sorted.length,
    },
  };
}
