import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { framedBox } from '../../styles/boxes';

/**
 * A data table in Grafana's look: quiet rules, tabular figures, a hover on rows. Use with
 * `useStyles2(getTableStyles)`: `frame` (or `scroll` inside a card) around `table`, and the
 * modifiers on the table or its cells.
 */
export const getTableStyles = (theme: GrafanaTheme2) => ({
  /** A bordered box that scrolls a wide table sideways. */
  frame: css({
    overflowX: 'auto',
    ...framedBox(theme),
  }),
  /** The same without a border, for a table inside a card. */
  scroll: css({ overflowX: 'auto' }),
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
    'tbody tr:hover': { background: theme.colors.action.hover },
    'tbody tr:last-child > *': { borderBottom: 'none' },
  }),
  // The doubled class (`&&`) outranks the table's own `th, td` rule in every modifier.
  /** On the table: small type and tighter rows, for an overview. */
  compact: css({
    fontSize: theme.typography.bodySmall.fontSize,
    '&& th, && td': { padding: theme.spacing(0.75, 1.5) },
  }),
  /** On the table: cells of several lines start at the top. */
  alignTop: css({ '&& th, && td': { verticalAlign: 'top' } }),
  /** On a cell: figures line up on the right. */
  numeric: css({ '&&': { textAlign: 'right' } }),
  /** On a cell: long text wraps. */
  wrap: css({ '&&': { whiteSpace: 'normal' } }),
  muted: css({ color: theme.colors.text.secondary }),
  mono: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
