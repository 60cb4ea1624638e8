import React, { useId, type ReactNode } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import { framedBox } from '../../styles/boxes';

interface Props {
  title: string;
  description?: ReactNode;
  /** Controls at the right of the heading (a download link, a toggle, a button). */
  actions?: ReactNode;
  /**
   * `plain`: a block of the page, spaced from the next one. `card`: a framed box, for pages
   * laid out as a grid of them. `compact`: a smaller framed box for a dense overview.
   */
  variant?: 'plain' | 'card' | 'compact';
  testId?: string;
  children?: ReactNode;
}

/** A titled region of a page; its heading (an h2) names the region for screen readers. */
export function Section({
  title,
  description,
  actions,
  variant = 'plain',
  testId,
  children,
}: Props) {
  const styles = useStyles2(getStyles);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={styles[variant]} data-testid={testId}>
      <div className={cx(styles.header, children !== undefined && styles.headerAbove)}>
        <div>
          <Text element="h2" variant={variant === 'compact' ? 'h5' : 'h4'} id={headingId}>
            {title}
          </Text>
          {description && (
            <div className={styles.description}>
              <Text variant="bodySmall" color="secondary">
                {description}
              </Text>
            </div>
          )}
        </div>
        {actions && <div className={styles.actions}>{actions}</div>}
      </div>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const frame = { ...framedBox(theme), minWidth: 0 };
  return {
    plain: css({ marginBottom: theme.spacing(4) }),
    card: css({ ...frame, padding: theme.spacing(3) }),
    compact: css({ ...frame, padding: theme.spacing(2) }),
    header: css({
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'flex-end',
      justifyContent: 'space-between',
      gap: theme.spacing(1, 2),
    }),
    headerAbove: css({ marginBottom: theme.spacing(1.5) }),
    description: css({ marginTop: theme.spacing(0.5) }),
    actions: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  };
};
