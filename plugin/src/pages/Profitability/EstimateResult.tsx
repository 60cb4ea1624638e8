import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import { StatCard, StatRow } from '../../components/StatCard/StatCard';
import { testIds } from '../../testIds';
import { formatKwh, formatMoney, formatPower } from '../../utils/format';
import { toneOf } from './measured';
import { getProfitabilityStyles } from './styles';
import type { Estimate } from './types';

const TONE_COLOR = { gain: 'success', loss: 'error', even: undefined } as const;

/** The estimate's figures and what they assume. */
export function EstimateResult({ estimate }: { estimate: Estimate }) {
  const styles = useStyles2(getStyles);
  const shared = useStyles2(getProfitabilityStyles);
  const { currency, basis } = estimate;
  const tone = toneOf(estimate.profitPerDay);
  const profitColor = tone ? TONE_COLOR[tone] : undefined;
  return (
    <div
      className={styles.result}
      data-testid={testIds.profitability.estimateResult}
      aria-live="polite"
    >
      <StatRow label="Estimated profitability">
        <StatCard label="Revenue per day" value={formatMoney(estimate.revenuePerDay, currency)} />
        <StatCard
          label="Power cost per day"
          value={formatMoney(estimate.powerCostPerDay, currency)}
          hint={`${formatKwh(estimate.powerKwhPerDay)} per day`}
        />
        <StatCard
          label="Profit per day"
          value={formatMoney(estimate.profitPerDay, currency)}
          color={profitColor}
        />
        <StatCard
          label="Profit per 30 days"
          value={formatMoney(estimate.profitPerMonth, currency)}
          color={profitColor}
        />
        <StatCard
          label="Break-even electricity price"
          value={
            estimate.breakEvenElectricityPrice
              ? formatMoney(estimate.breakEvenElectricityPrice, `${currency}/kWh`)
              : '—'
          }
        />
      </StatRow>
      <Text variant="bodySmall" color="secondary">
        {`Rate card (${basis.rateCard.updated}): ${basis.rateCard.model} at ${formatMoney(basis.rateCard.usdPerGpuHour, 'USD')} per GPU-hour; ` +
          `${basis.gpuCount} × ${formatPower(basis.powerW)} (${basis.powerSource === 'rate_card' ? 'rate card board power' : 'as entered'}) ` +
          `for ${basis.hoursPerDay} h/day at ${formatMoney(basis.electricityPrice, 'USD/kWh')}.`}
      </Text>
      <ul className={shared.notes}>
        {basis.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  result: css({ marginTop: theme.spacing(2) }),
});
