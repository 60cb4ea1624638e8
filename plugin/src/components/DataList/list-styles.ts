import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { framedBox } from '../../styles/boxes';

/**
 * A framed list of records (notifications, sessions, GPUs), one per row with a rule between
 * them. Use with `useStyles2(getListStyles)`; each row adds its own layout to `row`.
 */
export const getListStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    ...framedBox(theme),
  }),
  row: css({
    padding: theme.spacing(1.25, 2),
    '&:not(:last-child)': { borderBottom: `1px solid ${theme.colors.border.weak}` },
  }),
});
