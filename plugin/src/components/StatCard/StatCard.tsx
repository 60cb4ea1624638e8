import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { insetBox } from '../../styles/boxes';

interface Props {
  label: string;
  /** The value with its unit; undefined while loading. */
  value: string | undefined;
  hint?: string;
  color?: 'success' | 'error' | 'warning' | 'primary';
  testId?: string;
}

/** One figure of a summary row, e.g. "GPUs 8" or "Balance 1.25 SOL". */
export function StatCard({ label, value, hint, color, testId }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.card} data-testid={testId}>
      <Text variant="bodySmall" color="secondary">
        {label}
      </Text>
      <div className={styles.value}>
        {value === undefined ? (
          <Skeleton width={80} />
        ) : (
          <Text element="span" variant="h3" color={color}>
            {value}
          </Text>
        )}
      </div>
      {hint && (
        <Text variant="bodySmall" color="secondary">
          {hint}
        </Text>
      )}
    </div>
  );
}

/** A responsive row of StatCards. */
export function StatRow({ children, label }: { children: React.ReactNode; label: string }) {
  const styles = useStyles2(getStyles);
  return (
    <section aria-label={label} className={styles.row}>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(2),
  }),
  card: css({
    ...insetBox(theme),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    minWidth: 0,
  }),
  value: css({ minHeight: 28 }),
});
