import React, { type ReactNode } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';

interface Props {
  /** Prefix of the heading's id, e.g. "settings-wallet". */
  id: string;
  title: string;
  description?: ReactNode;
  /** Beside the heading, e.g. a button. */
  actions?: ReactNode;
  testId?: string;
  children?: ReactNode;
}

/** One card of the settings page, labelled by its heading. */
export function Section({ id, title, description, actions, children, testId }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <section aria-labelledby={`${id}-heading`} className={styles.card} data-testid={testId}>
      <div className={cx(styles.header, children !== undefined && styles.headerAbove)}>
        <div>
          <h2 id={`${id}-heading`} className={styles.title}>
            {title}
          </h2>
          {description && (
            <Text color="secondary" element="p">
              {description}
            </Text>
          )}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    padding: theme.spacing(3),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    minWidth: 0,
  }),
  header: css({
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    p: { margin: 0 },
  }),
  headerAbove: css({ marginBottom: theme.spacing(2) }),
  title: css({ fontSize: theme.typography.h4.fontSize, marginBottom: theme.spacing(0.5) }),
});
