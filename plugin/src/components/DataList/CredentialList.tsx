import React, { type ReactNode } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Text, useStyles2 } from '@grafana/ui';
import { getListStyles } from './list-styles';

/** One credential as a row shows it: its name, a state badge, its last characters, what else is known. */
export interface CredentialRow {
  id: string;
  name: string;
  badge?: ReactNode;
  /** The last characters of a secret, to tell it apart. */
  preview?: string;
  details: string;
  onAction: () => void;
}

interface Props {
  label: string;
  rows: CredentialRow[];
  /** What each row's button does to its credential: `Revoke ${name}` is its accessible name. */
  action: 'Revoke' | 'Remove';
}

/** Credentials of the account (tokens, passkeys), each with a button that ends it. */
export function CredentialList({ label, rows, action }: Props) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  return (
    <ul className={cx(list.list, styles.list)} aria-label={label}>
      {rows.map((row) => (
        <li key={row.id} className={cx(list.row, styles.row)}>
          <div className={styles.main}>
            <div className={styles.name}>
              <Text weight="medium">{row.name}</Text>
              {row.badge}
              {row.preview && <code className={styles.preview}>{row.preview}</code>}
            </div>
            <Text variant="bodySmall" color="secondary">
              {row.details}
            </Text>
          </div>
          <Button
            variant="secondary"
            size="sm"
            icon="trash-alt"
            aria-label={`${action} ${row.name}`}
            onClick={row.onAction}
          >
            {action}
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
