import React from 'react';
import { unwrap, type Notification } from '../../api/client';
import { useLiveEvent } from '../../api/hooks';
import { NotificationList } from '../../components/NotificationList/NotificationList';
import { usePagedList } from '../../hooks/usePagedList';
import { testIds } from '../../testIds';

const PAGE_SIZE = 25;

/** The device's notifications, newest first; new ones arrive live. */
export function useDeviceNotifications(deviceId: string) {
  const notifications = usePagedList<Notification>(deviceId, async (client, cursor, signal) => {
    const page = await unwrap(
      client.v1.devices[':id'].notifications.$get(
        { param: { id: deviceId }, query: { limit: PAGE_SIZE, cursor } },
        { init: { signal } },
      ),
    );
    return { items: page.notifications, nextCursor: page.nextCursor };
  });
  const { upsert } = notifications;
  useLiveEvent('notification', (notification) => {
    if (notification.deviceId === deviceId) upsert(notification);
  });
  return notifications;
}

interface Props {
  notifications: ReturnType<typeof useDeviceNotifications>;
  timeZone: string;
}

export function NotificationsTab({ notifications, timeZone }: Props) {
  return (
    <NotificationList
      notifications={notifications}
      timeZone={timeZone}
      label="Notifications, newest first"
      emptyText="Status changes, alerts and jobs of this device will be listed here."
      testId={testIds.device.notifications}
    />
  );
}
