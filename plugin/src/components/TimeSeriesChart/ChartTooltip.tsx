import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

export interface TooltipRow {
  label: string;
  color: string;
  value: string;
}

/** The hovered time and every series' value at it. */
export function ChartTooltip({ time, rows }: { time: string; rows: TooltipRow[] }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.tooltip}>
      <div className={styles.time}>{time}</div>
      {rows.map((row) => (
        <div key={row.label} className={styles.row}>
          <span className={styles.swatch} style={{ background: row.color }} />
          <span className={styles.label}>{row.label}</span>
          <span className={styles.value}>{row.value}</span>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    padding: theme.spacing(1),
    minWidth: 180,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  time: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(0.5) }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), lineHeight: 1.8 }),
  swatch: css({ width: 12, height: 3, borderRadius: 1, flexShrink: 0 }),
  label: css({ flex: 1, color: theme.colors.text.secondary }),
  value: css({ fontWeight: theme.typography.fontWeightMedium, fontVariantNumeric: 'tabular-nums' }),
});
