import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { dateTime, type GrafanaTheme2 } from '@grafana/data';
import {
  BarAlignment,
  DrawStyle,
  RadioButtonGroup,
  StackingMode,
  Text,
  useStyles2,
  type GraphFieldConfig,
} from '@grafana/ui';
import { unwrap, type Device } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { TimeSeriesChart } from '../../components/TimeSeriesChart/TimeSeriesChart';
import { testIds } from '../../testIds';
import { formatSol } from '../../utils/format';
import { CHART_DAYS, dailyFrame, deviceTotals, type ChartDays } from './earnings-chart';

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

/** Earnings per day, stacked by device, and what each device earned over the window. */
export function EarningsChart({ devices, version }: Props) {
  const styles = useStyles2(getStyles);
  const [days, setDays] = useState<ChartDays>(30);
  const daily = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.earnings.daily.$get({ query: { days: String(days) } }, { init: { signal } }),
      ),
    [days, version],
  );
  const names = useMemo(
    () => new Map((devices ?? []).map((device) => [device.id, device.name])),
    [devices],
  );
  const chart = useMemo(() => {
    if (!daily.data) return undefined;
    const totals = deviceTotals(daily.data.days, names);
    return { totals, frame: dailyFrame(daily.data.days, totals) };
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
          <table className={styles.totals} aria-label="Earnings by device over the days shown">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Earned</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {chart.totals.map((device) => (
                <tr key={device.deviceId}>
                  <td>{device.name}</td>
                  <td>{formatSol(device.lamports)}</td>
                  <td>{Math.round(device.share * 100)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
          {chart.totals.length === 0 && (
            <Text color="secondary">No device earned anything in these days yet.</Text>
          )}
        </>
      )}
    </Section>
  );
}

/** The chart's range: half a day around the first and last dates, so the bars fit whole. */
function dayRange(first: string, last: string) {
  const from = Date.parse(`${first}T00:00:00Z`) - DAY_MS / 2;
  const to = Date.parse(`${last}T00:00:00Z`) + DAY_MS / 2;
  return {
    from: dateTime(from),
    to: dateTime(to),
    raw: { from: dateTime(from), to: dateTime(to) },
  };
}

const getStyles = (theme: GrafanaTheme2) => ({
  totals: css({
    width: '100%',
    marginTop: theme.spacing(2),
    borderCollapse: 'collapse',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    'td:nth-child(n + 2), th:nth-child(n + 2)': { textAlign: 'right' },
  }),
});
