import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { unwrap, type Notification } from '../../api/client';
import { useLiveEvent } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { NotificationList } from '../../components/NotificationList/NotificationList';
import { usePagedList } from '../../hooks/usePagedList';
import { testIds } from '../../testIds';

const PAGE_SIZE = 10;

/** The account's alerts (not in-app news), newest first, with where each went. */
export function RecentAlerts() {
  const styles = useStyles2(getStyles);
  const { timezone } = useMe().settings;
  const notifications = usePagedList<Notification>('account', async (client, cursor, signal) => {
    const page = await unwrap(
      client.v1.notifications.$get(
        { query: { limit: PAGE_SIZE, cursor, alerts: 'true' } },
        { init: { signal } },
      ),
    );
    return { items: page.notifications, nextCursor: page.nextCursor };
  });
  const { upsert } = notifications;
  useLiveEvent('notification', (notification) => {
    if (notification.alert) upsert(notification);
  });
  return (
    <div className={styles.section}>
      <h3 className={styles.title}>Recent alerts</h3>
      <NotificationList
        notifications={notifications}
        timeZone={timezone}
        label="Recent alerts, newest first"
        emptyText="Alerts about your devices and account, and where each was sent, appear here."
        testId={testIds.settings.recentAlerts}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginTop: theme.spacing(3) }),
  title: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1.5) }),
});
