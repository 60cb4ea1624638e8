import type { NotificationSeverity } from '@ioworker/contract';
import type { DeliveryStatus } from '../../db/database.js';
import type { ChannelKind } from '../channels/channel-message.js';

export type NotificationRow = {
  id: string;
  device_id: string | null;
  kind: string;
  severity: NotificationSeverity;
  title: string;
  message: string;
  alert_event: string | null;
  alert_status: 'firing' | 'resolved' | null;
  created_at: Date;
};

/** Where one notification went: a channel and how its delivery stands. */
export type DeliveryOutcomeRow = {
  notification_id: string;
  channel_id: string;
  channel_name: string;
  channel_kind: ChannelKind;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  finished_at: Date | null;
  next_attempt_at: Date;
};

function toDelivery(row: DeliveryOutcomeRow) {
  return {
    channelId: row.channel_id,
    channelName: row.channel_name,
    channelKind: row.channel_kind,
    status: row.status,
    attempts: row.attempts,
    error: row.last_error,
    finishedAt: row.finished_at?.toISOString() ?? null,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
  };
}

export function toNotification(row: NotificationRow, deliveries: DeliveryOutcomeRow[] = []) {
  return {
    id: row.id,
    deviceId: row.device_id,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    message: row.message,
    alert:
      row.alert_event && row.alert_status
        ? { event: row.alert_event, status: row.alert_status }
        : null,
    deliveries: deliveries.map(toDelivery),
    createdAt: row.created_at.toISOString(),
  };
}
