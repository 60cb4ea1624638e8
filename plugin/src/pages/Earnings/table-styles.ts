import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/** A statement-like table: quiet rules, tabular figures, amounts aligned on the right. */
export const getTableStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({
    overflowX: 'auto',
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
  }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontVariantNumeric: 'tabular-nums',
    'th, td': {
      padding: theme.spacing(1, 1.5),
      textAlign: 'left',
      verticalAlign: 'middle',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      whiteSpace: 'nowrap',
    },
    th: {
      fontSize: theme.typography.bodySmall.fontSize,
      fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.secondary,
      background: theme.colors.background.secondary,
    },
    'tbody tr:last-child td': { borderBottom: 'none' },
    'tbody tr:hover': { background: theme.colors.action.hover },
  }),
  // Doubled class: outranks the table's own `th, td` rule.
  numeric: css({ '&&': { textAlign: 'right' } }),
  mono: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  muted: css({ color: theme.colors.text.secondary }),
  credit: css({ color: theme.colors.success.text, fontWeight: theme.typography.fontWeightMedium }),
  debit: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  note: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginBottom: theme.spacing(1),
  }),
  footer: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1.5),
  }),
});
