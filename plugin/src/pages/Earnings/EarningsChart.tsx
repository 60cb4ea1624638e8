import React, { useMemo, useState } from 'react';
import {
  BarAlignment,
  DrawStyle,
  RadioButtonGroup,
  StackingMode,
  Text,
  type GraphFieldConfig,
} from '@grafana/ui';
import { unwrap, type Device } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { TimeSeriesChart } from '../../components/TimeSeriesChart/TimeSeriesChart';
import { dayRange } from '../../utils/day-range';
import { testIds } from '../../testIds';
import { DeviceTotalsTable } from './DeviceTotalsTable';
import { CHART_DAYS, dailyFrame, dayBars, deviceTotals, type ChartDays } from './earnings-chart';
import { EfficiencyFigures } from './EfficiencyFigures';
import { efficiencyByDevice } from './efficiency';

const DAY_MS = 86_400_000;
const BARS: GraphFieldConfig = {
  drawStyle: DrawStyle.Bars,
  barAlignment: BarAlignment.Center,
  fillOpacity: 85,
  lineWidth: 0,
  stacking: { mode: StackingMode.Normal, group: 'earnings' },
  insertNulls: false,
};
const RANGES = CHART_DAYS.map((days) => ({ value: days, label: `${days} days` }));

interface Props {
  devices: Device[] | undefined;
  /** Bumped when the ledger changes, to read the days again. */
  version: number;
}

/**
 * Earnings per day, stacked by device, and what the account and each device earned over the
 * window, also per GPU-hour and per kWh.
 */
export function EarningsChart({ devices, version }: Props) {
  const [days, setDays] = useState<ChartDays>(30);
  const daily = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.earnings.daily.$get({ query: { days: String(days) } }, { init: { signal } }),
      ),
    [days, version],
  );
  const efficiency = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.earnings.efficiency.$get({ query: { days: String(days) } }, { init: { signal } }),
      ),
    [days, version],
  );
  // After a failure, no figures of the days shown before.
  const shownEfficiency = efficiency.error ? undefined : efficiency.data;
  const perDevice = useMemo(() => efficiencyByDevice(shownEfficiency), [shownEfficiency]);
  const names = useMemo(
    () => new Map((devices ?? []).map((device) => [device.id, device.name])),
    [devices],
  );
  const chart = useMemo(() => {
    if (!daily.data) return undefined;
    const totals = deviceTotals(daily.data.days, names);
    const { days } = daily.data;
    return { totals, frame: dailyFrame(days, totals), days: days.length, bars: dayBars(days) };
  }, [daily.data, names]);
  const first = daily.data?.days[0]?.date;
  const last = daily.data?.days.at(-1)?.date;

  return (
    <Section
      title="Earnings per day"
      description="In SOL, stacked by device; days in your time zone."
      actions={
        <RadioButtonGroup
          aria-label="Days shown"
          options={RANGES}
          value={days}
          onChange={setDays}
          size="sm"
        />
      }
      testId={testIds.earnings.chart}
    >
      {daily.error && !daily.data && (
        <ApiErrorAlert error={daily.error} title="Could not load the daily earnings" />
      )}
      {chart && first && last && (
        <>
          <div
            data-testid={testIds.earnings.dailyBars}
            data-points={chart.days}
            data-bars={chart.bars}
          >
            <TimeSeriesChart
              frames={[chart.frame]}
              timeRange={dayRange(first, last)}
              timeZone="utc"
              stepMs={DAY_MS}
              height={240}
              style={BARS}
              legendCalcs={['sum']}
              tooltipTimeFormat="YYYY-MM-DD"
            />
          </div>
          <EfficiencyFigures efficiency={efficiency} />
          <DeviceTotalsTable totals={chart.totals} efficiency={perDevice} />
          {chart.totals.length === 0 && (
            <Text color="secondary">No device earned anything in these days yet.</Text>
          )}
        </>
      )}
    </Section>
  );
}
