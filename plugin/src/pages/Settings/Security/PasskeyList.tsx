import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Text, useStyles2 } from '@grafana/ui';
import type { Passkey } from '../../../api/client';
import { useMe } from '../../../api/SessionContext';
import { getListStyles } from '../../../components/DataList/list-styles';
import { formatAgo, formatDateTime } from '../../../utils/format';

interface Props {
  passkeys: Passkey[];
  onRemove: (passkey: Passkey) => void;
}

/** The account's passkeys, newest first, each with when it was added and last used. */
export function PasskeyList({ passkeys, onRemove }: Props) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  const { timezone } = useMe().settings;
  return (
    <ul className={cx(list.list, styles.list)} aria-label="Passkeys">
      {passkeys.map((passkey) => (
        <li key={passkey.id} className={cx(list.row, styles.row)}>
          <div className={styles.main}>
            <Text weight="medium">{passkey.name}</Text>
            <div>
              <Text variant="bodySmall" color="secondary">
                Added {formatDateTime(passkey.createdAt, timezone)} ·{' '}
                {passkey.lastUsedAt ? `last used ${formatAgo(passkey.lastUsedAt)}` : 'not used yet'}
              </Text>
            </div>
          </div>
          <Button
            variant="secondary"
            size="sm"
            icon="trash-alt"
            aria-label={`Remove ${passkey.name}`}
            onClick={() => onRemove(passkey)}
          >
            Remove
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
});
