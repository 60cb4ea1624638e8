import React from 'react';
import { EmptyState, useStyles2 } from '@grafana/ui';
import type { Notification } from '../../api/client';
import { useNow } from '../../hooks/useNow';
import type { PagedList } from '../../hooks/usePagedList';
import { ApiErrorAlert } from '../ApiErrorAlert/ApiErrorAlert';
import { getListStyles } from '../DataList/list-styles';
import { LoadMore } from '../LoadMore/LoadMore';
import { NotificationItem, NotificationItemSkeleton } from './NotificationItem';

interface Props {
  notifications: PagedList<Notification>;
  timeZone: string;
  /** Names the list for screen readers. */
  label: string;
  /** What an empty list shows, below "No notifications". */
  emptyText: string;
  testId: string;
}

/** Notifications, newest first, page by page, with each alert's deliveries. */
export function NotificationList({ notifications, timeZone, label, emptyText, testId }: Props) {
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
        {emptyText}
      </EmptyState>
    );
  }
  return (
    <div data-testid={testId}>
      <ul className={list.list} aria-label={label}>
        {items
          ? items.map((item) => (
              <NotificationItem key={item.id} item={item} now={now} timeZone={timeZone} />
            ))
          : [0, 1, 2].map((row) => <NotificationItemSkeleton key={row} />)}
      </ul>
      <LoadMore list={notifications} noun="notifications" />
    </div>
  );
}
