import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertMessage, Sender } from '../channel-message.js';
import { failedOutcome, postJson, type HttpSendOptions } from './http-outcome.js';

export const DELIVERY_HEADER = 'X-IOWorker-Delivery';
export const EVENT_HEADER = 'X-IOWorker-Event';
export const SIGNATURE_HEADER = 'X-IOWorker-Signature';

/** The JSON a generic webhook receives; `id` is the delivery id, the same on every retry. */
export function webhookBody(message: AlertMessage): string {
  return JSON.stringify({
    id: message.deliveryId,
    event: message.event,
    status: message.status,
    severity: message.severity,
    occurredAt: message.occurredAt,
    title: message.title,
    message: message.message,
    device: message.device,
    count: message.count,
    link: message.link,
  });
}

function hmacHex(secret: string, timestampSeconds: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, as Stripe signs. */
export function signWebhookBody(secret: string, rawBody: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, rawBody)}`;
}

function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value) signatures.push(value);
  }
  return { timestamp, signatures };
}

function sameHex(expected: string, candidate: string): boolean {
  if (!/^[0-9a-f]+$/i.test(candidate)) return false;
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(candidate, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether `header` (an X-IOWorker-Signature value) signs `rawBody` with `secret` at a time within
 * `toleranceSeconds` of `now` (milliseconds). The old-timestamp check stops replays.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  toleranceSeconds = 300,
  now: number = Date.now(),
): boolean {
  if (!header) return false;
  const { timestamp, signatures } = parseSignatureHeader(header);
  if (!Number.isFinite(timestamp)) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = hmacHex(secret, timestamp, rawBody);
  return signatures.some((signature) => sameHex(expected, signature));
}

export type WebhookSenderOptions = HttpSendOptions & { now?: () => number };

export function createWebhookSender(options: WebhookSenderOptions): Sender {
  return async (target, message) => {
    if (!target.secret) return failedOutcome('the webhook has no signing secret');
    const body = webhookBody(message);
    const timestamp = Math.floor((options.now?.() ?? Date.now()) / 1000);
    return postJson(
      {
        target: target.target,
        body,
        headers: {
          [DELIVERY_HEADER]: message.deliveryId,
          [EVENT_HEADER]: message.event,
          [SIGNATURE_HEADER]: signWebhookBody(target.secret, body, timestamp),
        },
      },
      options,
    );
  };
}
