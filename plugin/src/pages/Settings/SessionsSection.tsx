import React, { useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, ConfirmModal, Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction, useRequest } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { getListStyles } from '../../components/DataList/list-styles';
import { Section } from '../../components/Section/Section';
import { testIds } from '../../testIds';
import { formatAgo, formatDateTime } from '../../utils/format';
import { shortenUserAgent } from './userAgent';

type Session = InferResponseType<
  ApiClient['v1']['me']['sessions']['$get'],
  200
>['sessions'][number];

const PAGE_SIZE = 100;
// Enough for a user's own browsers; the rest are one click away.
const SHOWN_AT_FIRST = 8;

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const revokeSession = async (client: ApiClient, id: string) => {
  await unwrap(client.v1.me.sessions[':id'].$delete({ param: { id } }));
  return true;
};

/** Where the account is signed in, and signing one of those out. */
export function SessionsSection({ version }: { version: number }) {
  const sessions = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.me.sessions.$get({ query: { limit: String(PAGE_SIZE) } }, { init: { signal } }),
      ),
    [version],
  );
  const [revoking, setRevoking] = useState<Session>();
  const revoke = useAction(revokeSession);

  async function confirmRevoke() {
    if (!revoking) return;
    const id = revoking.id;
    setRevoking(undefined);
    if (await revoke.run(id)) {
      sessions.setData(
        (current) =>
          current && { ...current, sessions: current.sessions.filter((s) => s.id !== id) },
      );
    }
  }

  return (
    <Section
      variant="card"
      testId={testIds.settings.sessions}
      title="Signed-in sessions"
      description="Browsers and programs signed in to your account. Revoke any you do not recognise."
    >
      {revoke.error && <ApiErrorAlert error={revoke.error} title="Could not revoke the session" />}
      {sessions.error && !sessions.data ? (
        <ApiErrorAlert
          error={sessions.error}
          title="Could not load your sessions"
          onRetry={sessions.reload}
        />
      ) : !sessions.data ? (
        <Skeleton count={3} height={52} />
      ) : (
        <SessionList
          sessions={sessions.data.sessions}
          more={sessions.data.nextCursor !== null}
          onRevoke={setRevoking}
        />
      )}
      <ConfirmModal
        isOpen={revoking !== undefined}
        title="Revoke this session?"
        body={
          revoking &&
          `${shortenUserAgent(revoking.userAgent)} (${revoking.ip}, last used ${formatAgo(revoking.lastUsedAt)}) will have to sign in again.`
        }
        confirmText="Revoke"
        onConfirm={() => void confirmRevoke()}
        onDismiss={() => setRevoking(undefined)}
      />
    </Section>
  );
}

interface ListProps {
  sessions: Session[];
  more: boolean;
  onRevoke: (session: Session) => void;
}

function SessionList({ sessions, more, onRevoke }: ListProps) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  const { timezone } = useMe().settings;
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? sessions : sessions.slice(0, SHOWN_AT_FIRST);
  return (
    <>
      <ul className={list.list} aria-label="Sessions">
        {shown.map((session) => (
          <li key={session.id} className={cx(list.row, styles.item)}>
            <div className={styles.main}>
              <div className={styles.name}>
                <span title={session.userAgent ?? undefined}>
                  {shortenUserAgent(session.userAgent)}
                </span>
                {session.current && <Badge color="blue" text="This session" />}
              </div>
              <Text variant="bodySmall" color="secondary">
                {session.ip} · signed in {formatDateTime(session.createdAt, timezone)} · last used{' '}
                <span title={formatDateTime(session.lastUsedAt, timezone)}>
                  {formatAgo(session.lastUsedAt)}
                </span>
              </Text>
            </div>
            {!session.current && (
              <Button
                variant="secondary"
                size="sm"
                icon="signout"
                onClick={() => onRevoke(session)}
                aria-label={`Revoke ${shortenUserAgent(session.userAgent)} (${session.ip})`}
              >
                Revoke
              </Button>
            )}
          </li>
        ))}
      </ul>
      {shown.length < sessions.length && (
        <Button variant="secondary" fill="text" size="sm" onClick={() => setExpanded(true)}>
          Show all {sessions.length} sessions
        </Button>
      )}
      {more && expanded && (
        <Text variant="bodySmall" color="secondary" element="p">
          Showing the {PAGE_SIZE} most recently created sessions.
        </Text>
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  item: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
  main: css({ flex: 1, minWidth: 0 }),
  name: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontWeight: theme.typography.fontWeightMedium,
    marginBottom: theme.spacing(0.25),
  }),
});
