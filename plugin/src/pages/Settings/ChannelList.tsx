import React, { useState } from 'react';
import { ConfirmModal, Text, useStyles2 } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { getListStyles } from '../../components/DataList/list-styles';
import { testIds } from '../../testIds';
import { KIND_LABELS } from '../../utils/channel-kinds';
import { ChannelRow } from './ChannelRow';
import type { Channel, CreatedChannel } from './channels';

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const deleteChannel = async (client: ApiClient, id: string) => {
  await unwrap(client.v1['notification-channels'][':id'].$delete({ param: { id } }));
  return true;
};

interface Props {
  channels: Channel[];
  /** The channel created last, with its one-time secret or link. */
  created: CreatedChannel | undefined;
  onChanged: (channel: Channel) => void;
  onDeleted: (id: string) => void;
}

/** The account's channels, each with its state and actions. */
export function ChannelList({ channels, created, onChanged, onDeleted }: Props) {
  const list = useStyles2(getListStyles);
  const [deleting, setDeleting] = useState<Channel>();
  const remove = useAction(deleteChannel);

  async function confirmDelete() {
    if (!deleting) return;
    const id = deleting.id;
    setDeleting(undefined);
    if (await remove.run(id)) onDeleted(id);
  }

  return (
    <>
      {remove.error && <ApiErrorAlert error={remove.error} title="Could not delete the channel" />}
      {channels.length === 0 ? (
        <Text color="secondary" element="p">
          No channels yet: alerts only show in the app until you add one below.
        </Text>
      ) : (
        <ul
          className={list.list}
          aria-label="Notification channels"
          data-testid={testIds.settings.channelList}
        >
          {channels.map((channel) => (
            <ChannelRow
              key={channel.id}
              channel={channel}
              created={created?.id === channel.id ? created : undefined}
              onChanged={onChanged}
              onDelete={setDeleting}
            />
          ))}
        </ul>
      )}
      <ConfirmModal
        isOpen={deleting !== undefined}
        title="Delete this channel?"
        body={
          deleting &&
          `${KIND_LABELS[deleting.kind]} “${deleting.name}” (${deleting.target}) stops receiving alerts; its pending messages are dropped.`
        }
        confirmText="Delete"
        onConfirm={() => void confirmDelete()}
        onDismiss={() => setDeleting(undefined)}
      />
    </>
  );
}
