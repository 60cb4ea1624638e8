import React, { useId, type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';

interface Props {
  title: string;
  description?: ReactNode;
  testId?: string;
  children: ReactNode;
}

/** One part of the Security section, named by its h3 for screen readers. */
export function SecurityPart({ title, description, testId, children }: Props) {
  const styles = useStyles2(getStyles);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={styles.part} data-testid={testId}>
      <Text element="h3" variant="h5" id={headingId}>
        {title}
      </Text>
      {description && (
        <p className={styles.description}>
          <Text variant="bodySmall" color="secondary">
            {description}
          </Text>
        </p>
      )}
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  part: css({
    '& + &': {
      borderTop: `1px solid ${theme.colors.border.weak}`,
      marginTop: theme.spacing(3),
      paddingTop: theme.spacing(3),
    },
  }),
  description: css({ margin: theme.spacing(0.5, 0, 1.5) }),
});
