import React, { useId, type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';

interface Props {
  title: string;
  description?: ReactNode;
  /** Controls at the right of the heading (a download link, a toggle). */
  actions?: ReactNode;
  testId?: string;
  children: ReactNode;
}

/** A titled block of the page; its heading names the region for screen readers. */
export function Section({ title, description, actions, testId, children }: Props) {
  const styles = useStyles2(getStyles);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={styles.section} data-testid={testId}>
      <div className={styles.header}>
        <div>
          <Text element="h2" variant="h4" id={headingId}>
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

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginBottom: theme.spacing(4) }),
  header: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(1.5),
  }),
  description: css({ marginTop: theme.spacing(0.5) }),
  actions: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
});
