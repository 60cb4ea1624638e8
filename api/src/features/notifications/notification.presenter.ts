import type { NotificationSeverity } from '@ioworker/contract';

export type NotificationRow = {
  id: string;
  device_id: string | null;
  kind: string;
  severity: NotificationSeverity;
  title: string;
  message: string;
  created_at: Date;
};

export function toNotification(row: NotificationRow) {
  return {
    id: row.id,
    deviceId: row.device_id,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    message: row.message,
    createdAt: row.created_at.toISOString(),
  };
}
