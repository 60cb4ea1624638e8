import React, { useState, type FormEvent } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Badge,
  Button,
  ClipboardButton,
  Input,
  Switch,
  Text,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { getListStyles } from '../../components/DataList/list-styles';
import { testIds } from '../../testIds';
import { KIND_LABELS } from '../../utils/channel-kinds';
import { formatAgo, formatDateTime } from '../../utils/format';
import type { Channel, CreatedChannel } from './channels';

const setEnabled = (client: ApiClient, id: string, enabled: boolean) =>
  unwrap(client.v1['notification-channels'][':id'].$patch({ param: { id }, json: { enabled } }));

const sendTest = (client: ApiClient, id: string) =>
  unwrap(client.v1['notification-channels'][':id'].test.$post({ param: { id } }));

const verify = (client: ApiClient, id: string, code: string) =>
  unwrap(client.v1['notification-channels'][':id'].verify.$post({ param: { id }, json: { code } }));

interface Props {
  channel: Channel;
  /** Set right after this channel was created. */
  created: CreatedChannel | undefined;
  onChanged: (channel: Channel) => void;
  onDelete: (channel: Channel) => void;
}

export function ChannelRow({ channel, created, onChanged, onDelete }: Props) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  const toggle = useAction(setEnabled);
  const test = useAction(sendTest);
  const [testSent, setTestSent] = useState(false);
  const label = `${KIND_LABELS[channel.kind]} ${channel.name}`;

  async function onToggle(enabled: boolean) {
    const saved = await toggle.run(channel.id, enabled);
    if (saved) onChanged(saved);
  }

  async function onTest() {
    setTestSent(false);
    if (await test.run(channel.id)) setTestSent(true);
  }

  return (
    <li className={cx(list.row, styles.row)} aria-label={label}>
      <div className={styles.head}>
        <div className={styles.main}>
          <div className={styles.name}>
            <Badge color="blue" text={KIND_LABELS[channel.kind]} />
            <span>{channel.name}</span>
            {channel.verified ? (
              <Badge color="green" text="Verified" icon="check" />
            ) : (
              <Badge color="orange" text="Unverified" icon="exclamation-triangle" />
            )}
          </div>
          <code className={styles.target}>{channel.target}</code>
          <LastDelivery delivery={channel.lastDelivery} />
        </div>
        <Switch
          value={channel.enabled}
          aria-label={`Send alerts to ${label}`}
          disabled={toggle.pending}
          onChange={(event) => void onToggle(event.currentTarget.checked)}
        />
        <Button
          variant="secondary"
          size="sm"
          icon="message"
          disabled={test.pending || !channel.verified}
          onClick={() => void onTest()}
        >
          Send test
        </Button>
        <Button
          variant="destructive"
          fill="text"
          size="sm"
          icon="trash-alt"
          aria-label={`Delete ${label}`}
          onClick={() => onDelete(channel)}
        />
      </div>
      {testSent && (
        <Text color="success" variant="bodySmall" element="p">
          Test sent.
        </Text>
      )}
      {toggle.error && <ApiErrorAlert error={toggle.error} title="Could not change the channel" />}
      {test.error && <ApiErrorAlert error={test.error} title="Could not send a test" />}
      {created && <CreatedNotice created={created} />}
      {!channel.verified && channel.kind === 'email' && (
        <VerifyForm channel={channel} onVerified={onChanged} />
      )}
    </li>
  );
}

function LastDelivery({ delivery }: { delivery: Channel['lastDelivery'] }) {
  const { timezone } = useMe().settings;
  if (!delivery) {
    return (
      <Text variant="bodySmall" color="secondary">
        Nothing sent yet
      </Text>
    );
  }
  return (
    <Text variant="bodySmall" color={delivery.ok ? 'secondary' : 'error'}>
      <span title={formatDateTime(delivery.at, timezone)}>{formatAgo(delivery.at)}</span>:{' '}
      {delivery.ok ? 'delivered' : `failed: ${delivery.error ?? 'unknown error'}`}
    </Text>
  );
}

function CreatedNotice({ created }: { created: CreatedChannel }) {
  const styles = useStyles2(getStyles);
  if (created.secret) {
    return (
      <Alert severity="warning" title="Signing secret">
        <div className={styles.secret}>
          <code data-testid={testIds.settings.channelSecret}>{created.secret}</code>
          <ClipboardButton
            size="sm"
            variant="secondary"
            icon="copy"
            getText={() => created.secret ?? ''}
          >
            Copy
          </ClipboardButton>
        </div>
        Store it now: it will not be shown again. Each request carries a signature made with it.
      </Alert>
    );
  }
  if (created.linkUrl) {
    return (
      <Alert severity="info" title="Link Telegram">
        <TextLink href={created.linkUrl} external>
          Open the bot in Telegram
        </TextLink>{' '}
        and press Start to link this channel.
      </Alert>
    );
  }
  return null;
}

function VerifyForm({
  channel,
  onVerified,
}: {
  channel: Channel;
  onVerified: (c: Channel) => void;
}) {
  const styles = useStyles2(getStyles);
  const [code, setCode] = useState('');
  const { run, pending, error } = useAction(verify);
  const valid = /^\d{6}$/.test(code.trim());

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!valid) return;
    const saved = await run(channel.id, code.trim());
    if (saved) onVerified(saved);
  }

  return (
    <form onSubmit={submit} className={styles.verify}>
      <Input
        aria-label={`Code sent to ${channel.target}`}
        placeholder="6-digit code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        width={16}
        value={code}
        onChange={(event) => setCode(event.currentTarget.value)}
      />
      <Button type="submit" size="sm" disabled={pending || !valid}>
        Verify
      </Button>
      {error && <ApiErrorAlert error={error} title="Could not verify the address" />}
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({ display: 'grid', gap: theme.spacing(1) }),
  head: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
  main: css({ flex: 1, minWidth: 0, display: 'grid', gap: theme.spacing(0.25) }),
  name: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontWeight: theme.typography.fontWeightMedium,
  }),
  target: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    overflowWrap: 'anywhere',
    background: 'none',
    border: 'none',
    padding: 0,
  }),
  secret: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    overflowWrap: 'anywhere',
  }),
  verify: css({ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: theme.spacing(1) }),
});
