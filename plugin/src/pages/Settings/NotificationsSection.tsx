import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { testIds } from '../../testIds';
import { AddChannelForm } from './AddChannelForm';
import { ChannelList } from './ChannelList';
import type { Channel, CreatedChannel } from './channels';
import { NotificationRules } from './NotificationRules';
import { RecentAlerts } from './RecentAlerts';

/**
 * Where alerts go (channels), which ones go out and where (rules), when they wait (quiet hours),
 * and what was sent lately.
 */
export function NotificationsSection() {
  const styles = useStyles2(getStyles);
  const channels = useRequest(
    (client, signal) => unwrap(client.v1['notification-channels'].$get({}, { init: { signal } })),
    [],
  );
  // The webhook secret and Telegram link come once, in the answer to the create.
  const [created, setCreated] = useState<CreatedChannel>();

  function update(change: (list: Channel[]) => Channel[]) {
    channels.setData((current) => current && { channels: change(current.channels) });
  }

  function onCreated(channel: CreatedChannel) {
    setCreated(channel);
    update((list) => [...list, channel]);
  }

  function onChanged(channel: Channel) {
    update((list) => list.map((item) => (item.id === channel.id ? channel : item)));
  }

  function onDeleted(id: string) {
    update((list) => list.filter((item) => item.id !== id));
    if (created?.id === id) setCreated(undefined);
  }

  return (
    <Section
      variant="card"
      testId={testIds.settings.notifications}
      title="Notifications"
      description="Where alerts about your devices and account are sent, and which ones."
    >
      <h3 className={styles.title}>Channels</h3>
      {channels.error && !channels.data ? (
        <ApiErrorAlert
          error={channels.error}
          title="Could not load your notification channels"
          onRetry={channels.reload}
        />
      ) : !channels.data ? (
        <Skeleton count={2} height={52} />
      ) : (
        <ChannelList
          channels={channels.data.channels}
          created={created}
          onChanged={onChanged}
          onDeleted={onDeleted}
        />
      )}
      <AddChannelForm onCreated={onCreated} />
      <NotificationRules channels={channels.data?.channels} />
      <RecentAlerts />
    </Section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  title: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1.5) }),
});
