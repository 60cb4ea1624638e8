import React, { type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { framedBox } from '../../styles/boxes';
import { testIds } from '../../testIds';

interface Props {
  title: string;
  children: ReactNode;
  /** Below the content, centred: the way back to the app. */
  footer?: ReactNode;
}

/** The frame of the pages reachable without a session, in the sign-in card's style. */
export function AccountCard({ title, children, footer }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <main className={styles.wrapper}>
      <div className={styles.card} data-testid={testIds.account.page}>
        <h1 className={styles.title}>{title}</h1>
        {children}
        {footer && <p className={styles.footer}>{footer}</p>}
      </div>
    </main>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', justifyContent: 'center', padding: theme.spacing(6, 2) }),
  card: css({
    width: '100%',
    maxWidth: 480,
    padding: theme.spacing(4),
    ...framedBox(theme),
    boxShadow: theme.shadows.z2,
  }),
  title: css({ fontSize: theme.typography.h3.fontSize, marginBottom: theme.spacing(2) }),
  footer: css({ margin: theme.spacing(2, 0, 0), textAlign: 'center' }),
});
