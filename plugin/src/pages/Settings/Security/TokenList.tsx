import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, Text, useStyles2 } from '@grafana/ui';
import type { PersonalToken } from '../../../api/client';
import { useMe } from '../../../api/SessionContext';
import { getListStyles } from '../../../components/DataList/list-styles';
import { formatAgo, formatDateTime } from '../../../utils/format';

interface Props {
  tokens: PersonalToken[];
  onRevoke: (token: PersonalToken) => void;
}

/** The account's API tokens, newest first, told apart by name and their last characters. */
export function TokenList({ tokens, onRevoke }: Props) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  const { timezone } = useMe().settings;
  return (
    <ul className={cx(list.list, styles.list)} aria-label="API tokens">
      {tokens.map((token) => (
        <li key={token.id} className={cx(list.row, styles.row)}>
          <div className={styles.main}>
            <div className={styles.name}>
              <Text weight="medium">{token.name}</Text>
              {token.scope === 'write' ? (
                <Badge color="orange" text="Read and write" />
              ) : (
                <Badge color="blue" text="Read only" />
              )}
              <code className={styles.preview}>{token.preview}</code>
            </div>
            <Text variant="bodySmall" color="secondary">
              Created {formatDateTime(token.createdAt, timezone)} ·{' '}
              {token.expiresAt
                ? `expires ${formatDateTime(token.expiresAt, timezone)}`
                : 'never expires'}{' '}
              · {token.lastUsedAt ? `last used ${formatAgo(token.lastUsedAt)}` : 'not used yet'}
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
      ))}
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
