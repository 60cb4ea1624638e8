import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, Text, useStyles2 } from '@grafana/ui';
import { useMe } from '../../../api/SessionContext';
import { getListStyles } from '../../../components/DataList/list-styles';
import type { FleetToken } from '../../../components/FleetToken/fleet-token';
import { formatDateTime } from '../../../utils/format';

interface Props {
  tokens: FleetToken[];
  now: number;
  onRevoke: (token: FleetToken) => void;
}

/** The account's fleet tokens, newest first: how many machines each enrolled, and until when. */
export function FleetTokenList({ tokens, now, onRevoke }: Props) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  const { timezone } = useMe().settings;
  return (
    <ul className={cx(list.list, styles.list)} aria-label="Fleet tokens">
      {tokens.map((token) => {
        const expired = Date.parse(token.expiresAt) <= now;
        const full = token.usedDevices >= token.maxDevices;
        return (
          <li key={token.id} className={cx(list.row, styles.row)}>
            <div className={styles.main}>
              <div className={styles.name}>
                <Text weight="medium">{token.name}</Text>
                {expired ? (
                  <Badge color="red" text="Expired" />
                ) : full ? (
                  <Badge color="orange" text="Full" />
                ) : (
                  <Badge color="green" text="Active" />
                )}
                <code className={styles.preview}>{token.preview}</code>
              </div>
              <Text variant="bodySmall" color="secondary">
                {token.usedDevices} of {token.maxDevices} machines ·{' '}
                {expired ? 'expired' : 'expires'} {formatDateTime(token.expiresAt, timezone)}
              </Text>
            </div>
            <Button
              variant="secondary"
              size="sm"
              icon="trash-alt"
              aria-label={`Revoke ${token.name}`}
              onClick={() => onRevoke(token)}
            >
              Revoke
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ marginBottom: theme.spacing(2) }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
  main: css({ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }),
  name: css({
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(0.25),
  }),
  preview: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    background: 'none',
    border: 'none',
    padding: 0,
  }),
});
