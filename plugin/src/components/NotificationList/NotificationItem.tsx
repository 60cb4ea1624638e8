import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, Text, useStyles2, type IconName } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import type { Notification } from '../../api/client';
import { formatAgo, formatDateTime } from '../../utils/format';
import { getListStyles } from '../DataList/list-styles';
import { DeliveryList } from './DeliveryList';

type Severity = Notification['severity'];

const SEVERITY: Record<Severity, { icon: IconName; label: string }> = {
  info: { icon: 'info-circle', label: 'Information' },
  warning: { icon: 'exclamation-triangle', label: 'Warning' },
  critical: { icon: 'exclamation-circle', label: 'Critical' },
};

interface Props {
  item: Notification;
  now: number;
  timeZone: string;
}

/** One notification; an alert also says where it was sent and how each delivery stands. */
export function NotificationItem({ item, now, timeZone }: Props) {
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
        {item.alert && <DeliveryList deliveries={item.deliveries} timeZone={timeZone} />}
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

/** A row's place while the first page loads. */
export function NotificationItemSkeleton() {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  return (
    <li className={cx(list.row, styles.item)}>
      <Skeleton count={2} containerClassName={styles.body} />
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  item: css({ display: 'flex', gap: theme.spacing(1.5), alignItems: 'flex-start' }),
  body: css({
    flex: 1,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: 2,
    // A payout's message carries a long explorer link.
    overflowWrap: 'anywhere',
  }),
  time: css({ whiteSpace: 'nowrap' }),
  severity: {
    info: css({ color: theme.colors.info.text }),
    warning: css({ color: theme.colors.warning.text }),
    critical: css({ color: theme.colors.error.text }),
  } satisfies Record<Severity, string>,
});
