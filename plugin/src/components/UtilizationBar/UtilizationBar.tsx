import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { formatPercent } from '../../utils/format';

/**
 * A GPU utilisation as a small bar and its percentage; just "—" when it is unknown. The figure
 * has a fixed width so that the bars of a column line up.
 */
export function UtilizationBar({ percent }: { percent: number | null | undefined }) {
  const styles = useStyles2(getStyles);
  if (percent === null || percent === undefined) return <>{formatPercent(percent)}</>;
  return (
    <span className={styles.utilization}>
      <span className={styles.track} aria-hidden>
        <span
          className={styles.fill}
          style={{ width: `${Math.min(100, Math.max(0, percent))}%` }}
        />
      </span>
      <span className={styles.percent}>{formatPercent(percent)}</span>
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  utilization: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(1) }),
  track: css({
    display: 'inline-block',
    width: 48,
    height: 6,
    borderRadius: theme.shape.radius.pill,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    overflow: 'hidden',
  }),
  fill: css({ display: 'block', height: '100%', background: theme.colors.primary.main }),
  percent: css({ minWidth: 40, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
});
