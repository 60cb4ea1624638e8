import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap, type SecurityEvent } from '../../../api/client';
import { useMe } from '../../../api/SessionContext';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert/ApiErrorAlert';
import { getListStyles } from '../../../components/DataList/list-styles';
import { LoadMore } from '../../../components/LoadMore/LoadMore';
import { usePagedList } from '../../../hooks/usePagedList';
import { testIds } from '../../../testIds';
import { formatDateTime } from '../../../utils/format';
import { shortenUserAgent } from '../userAgent';
import { describeSecurityEvent } from './security-events';
import { SecurityPart } from './SecurityPart';

const PAGE_SIZE = 20;

/** The account's security log, newest first: who signed in from where, and what changed. */
export function SecurityLogPart() {
  const list = useStyles2(getListStyles);
  const { timezone } = useMe().settings;
  const events = usePagedList<SecurityEvent>('account', async (client, cursor, signal) => {
    const page = await unwrap(
      client.v1.me['security-events'].$get(
        { query: { limit: PAGE_SIZE, cursor } },
        { init: { signal } },
      ),
    );
    return { items: page.events, nextCursor: page.nextCursor };
  });
  const items = events.page?.items;

  function content() {
    if (events.error && !items) {
      return (
        <ApiErrorAlert
          error={events.error}
          title="Could not load the security log"
          onRetry={events.reload}
        />
      );
    }
    if (!items) return <Skeleton count={3} height={44} />;
    if (items.length === 0) return <Text color="secondary">Nothing has happened yet.</Text>;
    return (
      <>
        <ul className={list.list} aria-label="Security events, newest first">
          {items.map((event) => (
            <SecurityLogEntry key={event.id} event={event} timeZone={timezone} />
          ))}
        </ul>
        <LoadMore list={events} noun="events" />
      </>
    );
  }

  return (
    <SecurityPart
      title="Security log"
      description="Sign-ins, failed attempts and changes to how your account is secured. Anything you do not recognise? Change your password and revoke the sessions and tokens you do not know."
      testId={testIds.settings.securityLog}
    >
      {content()}
    </SecurityPart>
  );
}

function SecurityLogEntry({ event, timeZone }: { event: SecurityEvent; timeZone: string }) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  const { text, failed } = describeSecurityEvent(event);
  return (
    <li className={cx(list.row, styles.row)}>
      <Icon
        name={failed ? 'shield-exclamation' : 'shield'}
        className={failed ? styles.failed : styles.icon}
        aria-hidden
      />
      <div className={styles.main}>
        <Text weight="medium" color={failed ? 'warning' : undefined}>
          {text}
        </Text>
        <div>
          <Text variant="bodySmall" color="secondary">
            <time dateTime={event.at}>{formatDateTime(event.at, timeZone)}</time>
            {` · ${event.ip ?? 'unknown address'} · ${shortenUserAgent(event.userAgent)}`}
          </Text>
        </div>
      </div>
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({ display: 'flex', alignItems: 'flex-start', gap: theme.spacing(1.5) }),
  main: css({ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }),
  icon: css({ color: theme.colors.text.secondary, marginTop: theme.spacing(0.25) }),
  failed: css({ color: theme.colors.warning.text, marginTop: theme.spacing(0.25) }),
});
