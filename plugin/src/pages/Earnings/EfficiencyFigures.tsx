import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import type { RequestState } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { testIds } from '../../testIds';
import { formatKwh, formatSolRate } from '../../utils/format';
import type { EarningsEfficiency } from './efficiency';

const hoursText = (gpuHours: number) =>
  `${gpuHours.toLocaleString('en-US', { maximumFractionDigits: 1 })} GPU-h`;

/** The account's earnings over the days per GPU-hour and per kWh, and what they rest on. */
export function EfficiencyFigures({
  efficiency,
}: {
  efficiency: RequestState<EarningsEfficiency>;
}) {
  const styles = useStyles2(getStyles);
  if (efficiency.error) {
    return (
      <ApiErrorAlert
        error={efficiency.error}
        title="Could not load the earnings per GPU-hour and kWh"
        onRetry={efficiency.reload}
      />
    );
  }
  const account = efficiency.data?.account;
  return (
    <dl className={styles.figures} data-testid={testIds.earnings.efficiency}>
      <div>
        <dt>Per GPU-hour</dt>
        <dd>{account ? formatSolRate(account.lamportsPerGpuHour) : <Skeleton width={80} />}</dd>
        <dd>{account && <Text color="secondary">over {hoursText(account.gpuHours)}</Text>}</dd>
      </div>
      <div>
        <dt>Per kWh</dt>
        <dd>{account ? formatSolRate(account.lamportsPerKwh) : <Skeleton width={80} />}</dd>
        <dd>{account && <Text color="secondary">over {formatKwh(account.kwh)}</Text>}</dd>
      </div>
    </dl>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  figures: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1, 4),
    margin: theme.spacing(2, 0, 0),
    dt: { color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize },
    dd: { margin: 0 },
    'dd:first-of-type': { fontSize: theme.typography.h4.fontSize },
  }),
});
