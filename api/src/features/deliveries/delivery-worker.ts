import type { AppDeps } from '../../app-env.js';
import { repeatWithPause } from '../../lib/repeat.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { AlertMessage, ChannelTarget, SendOutcome } from '../channels/channel-message.js';
import { combine, groupDeliveries } from './grouping.js';
import { recordDeliveryOutcome } from '../channels/channels.queries.js';
import { republishNotification } from '../notifications/notifications.service.js';
import {
  claimDueDeliveries,
  findChannelForDelivery,
  markDelivered,
  markFailed,
  scheduleRetry,
  type DeliveryRow,
} from './deliveries.queries.js';

/** Sends one message to one channel; the senders module implements it per channel kind. */
export type DeliverySender = {
  send(target: ChannelTarget, message: AlertMessage): Promise<SendOutcome>;
};

export type DeliveryWorkerDeps = Pick<AppDeps, 'db' | 'logger' | 'config' | 'events'> & {
  secrets: SecretBox;
  sender: DeliverySender;
};

const BATCH = 100;
/** Retries go on for at least this long, then the delivery is given up. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;

/** Exponential back-off from the configured minimum to the configured maximum, equal jitter. */
function backoffMs(attempt: number, bounds: { minBackoffMs: number; maxBackoffMs: number }) {
  const { minBackoffMs, maxBackoffMs } = bounds;
  const ceiling = Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

async function targetOf(
  deps: DeliveryWorkerDeps,
  delivery: DeliveryRow,
): Promise<ChannelTarget | string> {
  if (delivery.channel_id === null) {
    // Mail to the account itself (a verification or reset link): no channel, its own address.
    if (!delivery.to_sealed) return 'the delivery has no address';
    return { kind: 'email', target: deps.secrets.open(delivery.to_sealed) };
  }
  const channel = await findChannelForDelivery(deps.db, delivery.channel_id);
  if (!channel) return 'the channel was deleted';
  if (!channel.enabled && delivery.message.event !== 'channel.verify') {
    return 'the channel is disabled';
  }
  if (!channel.target_sealed) return 'the channel is not linked yet';
  return {
    kind: channel.kind,
    target: deps.secrets.open(channel.target_sealed),
    ...(channel.secret_sealed ? { secret: deps.secrets.open(channel.secret_sealed) } : {}),
  };
}

/** Where one delivery stands after the outcome; the error its channel shows, or null. */
async function settle(
  deps: DeliveryWorkerDeps,
  delivery: DeliveryRow,
  outcome: SendOutcome,
): Promise<string | null> {
  if (outcome.kind === 'sent') {
    await markDelivered(deps.db, delivery.id);
    return null;
  }
  const age = Date.now() - delivery.created_at.getTime();
  if (outcome.kind === 'failed' || age >= GIVE_UP_AFTER_MS) {
    const reason =
      outcome.kind === 'failed' ? outcome.reason : `gave up after 24 h: ${outcome.reason}`;
    await markFailed(deps.db, delivery.id, reason);
    return reason;
  }
  // A receiver's Retry-After is honoured up to the longest back-off: it cannot park a delivery.
  const delayMs = Math.max(
    Math.min(outcome.retryAfterMs ?? 0, deps.config.notifications.maxBackoffMs),
    backoffMs(delivery.attempts, deps.config.notifications),
  );
  await scheduleRetry(deps.db, delivery.id, delayMs, outcome.reason);
  return outcome.reason;
}

/** Sends a group as one message and settles every delivery in it with the outcome. */
async function deliverGroup(deps: DeliveryWorkerDeps, group: DeliveryRow[]): Promise<void> {
  const [first, ...rest] = group;
  if (!first) return;
  const target = await targetOf(deps, first);
  if (typeof target === 'string') {
    for (const delivery of group) await markFailed(deps.db, delivery.id, target);
    return;
  }
  const { id, message } =
    rest.length === 0 ? { id: first.id, message: first.message } : combine(first, rest);
  const outcome = await deps.sender
    .send(target, { ...message, deliveryId: id })
    .catch((error: Error): SendOutcome => ({ kind: 'retry', reason: error.message }));
  let error: string | null = null;
  for (const delivery of group) error = await settle(deps, delivery, outcome);
  // One message went out: the channel records one outcome, not one per alert in it.
  if (first.channel_id) {
    await recordDeliveryOutcome(deps.db, first.channel_id, { ok: error === null, error });
  }
  const notificationIds = new Set(group.map((delivery) => delivery.notification_id));
  for (const notificationId of notificationIds) {
    if (notificationId) await republishNotification(deps.db, deps.events, notificationId);
  }
}

/** Deliveries being sent at once, at most; a slow receiver holds one slot, not the queue. */
const MAX_IN_FLIGHT = 200;

/**
 * The outbox worker: every `pollMs` it claims what is due (up to the free slots), groups it and
 * sends each group without waiting for the others, so one receiver that hangs delays nobody
 * else. It claims again at once while a full batch came back. Stopping waits for what is in
 * flight.
 */
export function startDeliveryWorker(deps: DeliveryWorkerDeps): () => Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const send = (group: DeliveryRow[]) => {
    const sending: Promise<void> = deliverGroup(deps, group)
      .catch((error: Error) =>
        deps.logger.warn({ deliveries: group.length, err: error.message }, 'delivery failed'),
      )
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };
  const claim = async (): Promise<boolean> => {
    const free = Math.min(BATCH, MAX_IN_FLIGHT - inFlight.size);
    if (free <= 0) return false;
    const due = await claimDueDeliveries(deps.db, free, deps.config.notifications.leaseMs);
    for (const group of groupDeliveries(due)) send(group);
    return due.length === free;
  };
  const stopRounds = repeatWithPause(
    async () => {
      while (!stopped && (await claim()));
    },
    deps.config.notifications.pollMs,
    (error) => deps.logger.warn({ err: error.message }, 'delivery round failed'),
  );
  return async () => {
    stopped = true;
    await stopRounds();
    await Promise.all(inFlight);
  };
}
