import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { EmptyState, Icon, Text, useStyles2, type IconName } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useLiveEvent } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { getListStyles } from '../../components/DataList/list-styles';
import { LoadMore } from '../../components/LoadMore/LoadMore';
import { useNow } from '../../hooks/useNow';
import { usePagedList } from '../../hooks/usePagedList';
import { testIds } from '../../testIds';
import { formatAgo, formatDateTime } from '../../utils/format';
import type { DeviceNotification } from './types';

const PAGE_SIZE = 25;

/** The device's notifications, newest first; new ones arrive live. */
export function useDeviceNotifications(deviceId: string) {
  const notifications = usePagedList<DeviceNotification>(
    deviceId,
    async (client, cursor, signal) => {
      const page = await unwrap(
        client.v1.devices[':id'].notifications.$get(
          { param: { id: deviceId }, query: { limit: PAGE_SIZE, cursor } },
          { init: { signal } },
        ),
      );
      return { items: page.notifications, nextCursor: page.nextCursor };
    },
  );
  const { upsert } = notifications;
  useLiveEvent('notification', (notification) => {
    if (notification.deviceId === deviceId) upsert(notification);
  });
  return notifications;
}

type Severity = DeviceNotification['severity'];

const SEVERITY: Record<Severity, { icon: IconName; label: string }> = {
  info: { icon: 'info-circle', label: 'Information' },
  warning: { icon: 'exclamation-triangle', label: 'Warning' },
  critical: { icon: 'exclamation-circle', label: 'Critical' },
};

interface Props {
  notifications: ReturnType<typeof useDeviceNotifications>;
  timeZone: string;
}

export function NotificationsTab({ notifications, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  const now = useNow();
  const { page, error, reload } = notifications;
  const items = page?.items;

  if (error && !items) {
    return (
      <ApiErrorAlert error={error} title="Could not load the notifications" onRetry={reload} />
    );
  }
  if (items?.length === 0) {
    return (
      <EmptyState variant="completed" message="No notifications">
        Status changes, alerts and jobs of this device will be listed here.
      </EmptyState>
    );
  }
  return (
    <div data-testid={testIds.device.notifications}>
      <ul className={list.list} aria-label="Notifications, newest first">
        {items
          ? items.map((item) => (
              <NotificationItem key={item.id} item={item} now={now} timeZone={timeZone} />
            ))
          : [0, 1, 2].map((row) => (
              <li key={row} className={cx(list.row, styles.item)}>
                <Skeleton count={2} containerClassName={styles.body} />
              </li>
            ))}
      </ul>
      <LoadMore list={notifications} noun="notifications" />
    </div>
  );
}

interface ItemProps {
  item: DeviceNotification;
  now: number;
  timeZone: string;
}

function NotificationItem({ item, now, timeZone }: ItemProps) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  const severity = SEVERITY[item.severity];
  return (
    <li className={cx(list.row, styles.item)}>
      <span className={styles.severity[item.severity]}>
        <Icon name={severity.icon} size="lg" aria-label={severity.label} role="img" />
      </span>
      <div className={styles.body}>
        <Text weight="medium">{item.title}</Text>
        <Text variant="bodySmall" color="secondary">
          {item.message}
        </Text>
      </div>
      <time
        className={styles.time}
        dateTime={item.createdAt}
        title={formatDateTime(item.createdAt, timeZone)}
      >
        <Text variant="bodySmall" color="secondary">
          {formatAgo(item.createdAt, now)}
        </Text>
      </time>
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  item: css({ display: 'flex', gap: theme.spacing(1.5), alignItems: 'flex-start' }),
  body: css({ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 2 }),
  time: css({ whiteSpace: 'nowrap' }),
  severity: {
    info: css({ color: theme.colors.info.text }),
    warning: css({ color: theme.colors.warning.text }),
    critical: css({ color: theme.colors.error.text }),
  } satisfies Record<Severity, string>,
});
