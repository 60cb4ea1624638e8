import type { IconName } from '@grafana/ui';
import type { Notification } from '../../api/client';
import { formatDateTime } from '../../utils/format';

export type Delivery = Notification['deliveries'][number];

export type OutcomeTone = 'success' | 'error' | 'warning' | 'secondary';

export interface Outcome {
  text: string;
  tone: OutcomeTone;
  icon: IconName;
}

/**
 * How one delivery to a channel stands, in words: `Sent`, `Failed: HTTP 404`,
 * `Retrying (attempt 2, next at 25 Nov 2026, 14:05)` or `Queued` (not tried yet: grouped with
 * other alerts, or held for quiet hours).
 */
export function describeDelivery(delivery: Delivery, timeZone: string): Outcome {
  if (delivery.status === 'sent') return { text: 'Sent', tone: 'success', icon: 'check' };
  if (delivery.status === 'failed') {
    return {
      text: delivery.error ? `Failed: ${delivery.error}` : 'Failed',
      tone: 'error',
      icon: 'exclamation-circle',
    };
  }
  if (delivery.attempts === 0) return { text: 'Queued', tone: 'secondary', icon: 'clock-nine' };
  const next = delivery.nextAttemptAt
    ? `, next at ${formatDateTime(delivery.nextAttemptAt, timeZone)}`
    : '';
  return {
    text: `Retrying (attempt ${delivery.attempts + 1}${next})`,
    tone: 'warning',
    icon: 'sync',
  };
}
