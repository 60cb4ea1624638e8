import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export const getStyles = (theme: GrafanaTheme2) => ({
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
  tableWrapper: css({
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
      textAlign: 'right',
      verticalAlign: 'top',
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      whiteSpace: 'nowrap',
    },
    'th:first-child, td:first-child': { textAlign: 'left', whiteSpace: 'normal' },
    th: {
      fontSize: theme.typography.bodySmall.fontSize,
      fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.secondary,
      background: theme.colors.background.secondary,
    },
    'tbody tr:last-child td': { borderBottom: 'none' },
  }),
  second: css({
    display: 'block',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  note: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    margin: theme.spacing(0, 0, 1),
  }),
  figure: css({ fontWeight: theme.typography.fontWeightMedium }),
  gain: css({ color: theme.colors.success.text, fontWeight: theme.typography.fontWeightMedium }),
  loss: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  basisLine: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  card: css({
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
  }),
  formGrid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: theme.spacing(0, 2),
  }),
  formAlert: css({ marginTop: theme.spacing(2) }),
  details: css({
    display: 'grid',
    gridTemplateColumns: 'auto auto',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary, whiteSpace: 'nowrap' },
    dd: { margin: 0, textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  }),
  notes: css({
    margin: theme.spacing(1, 0, 0),
    paddingLeft: theme.spacing(2),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
