import type { GrafanaTheme2 } from '@grafana/data';

/**
 * The two boxes the pages are built of, as style objects to spread into `css()` beside the
 * box's own layout.
 *
 * @example
 * card: css({ ...framedBox(theme), padding: theme.spacing(2) }),
 */

/** A panel on the page's background: a card, a table's frame, a list. */
export function framedBox(theme: GrafanaTheme2) {
  return {
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  };
}

/** A box set off inside a panel, on the secondary background: a figure, the payout address. */
export function insetBox(theme: GrafanaTheme2) {
  return {
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5, 2),
  };
}
