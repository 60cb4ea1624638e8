import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/** Amounts as a statement shows them: credits in green, debits in the text colour. */
export const getAmountStyles = (theme: GrafanaTheme2) => ({
  credit: css({ color: theme.colors.success.text, fontWeight: theme.typography.fontWeightMedium }),
  debit: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
});
