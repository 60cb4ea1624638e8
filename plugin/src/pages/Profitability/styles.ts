import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { insetBox } from '../../styles/boxes';

/** What the profitability page's parts share: figures, their notes, the estimate's card. */
export const getProfitabilityStyles = (theme: GrafanaTheme2) => ({
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
  card: css({ ...insetBox(theme), padding: theme.spacing(2) }),
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
