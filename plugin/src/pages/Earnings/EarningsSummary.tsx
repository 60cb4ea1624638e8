import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { TextLink, useStyles2 } from '@grafana/ui';
import type { RequestState } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { StatCard, StatRow } from '../../components/StatCard/StatCard';
import { prefixRoute, ROUTES } from '../../constants';
import { testIds } from '../../testIds';
import { formatSol, formatSolValue } from '../../utils/format';
import type { EarningsSummary as Summary } from './types';

const CARDS: Array<{ key: keyof Summary; label: string }> = [
  { key: 'balanceLamports', label: 'Balance' },
  { key: 'todayLamports', label: 'Today' },
  { key: 'last7dLamports', label: 'Last 7 days' },
  { key: 'last30dLamports', label: 'Last 30 days' },
  { key: 'lifetimeLamports', label: 'Lifetime' },
  { key: 'pendingPayoutLamports', label: 'Pending payout' },
];

/** Balance and earnings in SOL, with their value in the account's currency when it has a price. */
export function EarningsSummary({ summary }: { summary: RequestState<Summary> }) {
  const { settings } = useMe();
  const styles = useStyles2(getStyles);
  if (summary.error && !summary.data) {
    return (
      <ApiErrorAlert
        error={summary.error}
        title="Could not load your earnings"
        onRetry={summary.reload}
      />
    );
  }
  return (
    <div data-testid={testIds.earnings.summary}>
      <StatRow label="Earnings summary">
        {CARDS.map(({ key, label }) => {
          const lamports = summary.data?.[key];
          return (
            <StatCard
              key={key}
              label={label}
              value={lamports === undefined ? undefined : formatSol(lamports)}
              hint={
                lamports === undefined
                  ? undefined
                  : formatSolValue(lamports, settings.solPrice, settings.currency)
              }
            />
          );
        })}
      </StatRow>
      {!settings.solPrice && (
        <p className={styles.note}>
          To see these amounts in {settings.currency}, set a SOL price in{' '}
          <TextLink href={prefixRoute(ROUTES.Settings)} inline variant="bodySmall">
            Settings
          </TextLink>
          .
        </p>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  note: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    margin: theme.spacing(-1, 0, 2),
  }),
});
