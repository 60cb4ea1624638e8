import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/** A compact data table in Grafana's look, shared by the GPU and job tables. */
export const getTableStyles = (theme: GrafanaTheme2) => ({
  scroll: css({ overflowX: 'auto' }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': {
      padding: theme.spacing(0.75, 1.5),
      textAlign: 'left',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      whiteSpace: 'nowrap',
    },
    th: {
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      background: theme.colors.background.secondary,
    },
    'tbody tr:hover': { background: theme.colors.action.hover },
    'tbody tr:last-child td': { borderBottom: 'none' },
  }),
  // Doubled class: it has to outweigh the table's `th, td` rule.
  numeric: css({ '&&': { textAlign: 'right' }, fontVariantNumeric: 'tabular-nums' }),
  muted: css({ color: theme.colors.text.secondary }),
  caption: css({
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  }),
});
