import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { dateTime, type GrafanaTheme2 } from '@grafana/data';
import {
  BarAlignment,
  DrawStyle,
  LineInterpolation,
  RadioButtonGroup,
  Text,
  useStyles2,
  type GraphFieldConfig,
} from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { TimeSeriesChart } from '../../components/TimeSeriesChart/TimeSeriesChart';
import { testIds } from '../../testIds';
import {
  FLEET_RANGES,
  fleetCharts,
  HOUR_MS,
  type FleetHour,
  type FleetRange,
} from './fleet-history';

const CHART_HEIGHT = 120;
const STYLES: Record<string, GraphFieldConfig> = {
  online: { lineInterpolation: LineInterpolation.StepAfter },
  power: {},
  earned: {
    drawStyle: DrawStyle.Bars,
    barAlignment: BarAlignment.After,
    fillOpacity: 80,
    lineWidth: 0,
  },
};

/** The last day or week of the fleet, hour by hour: who was online, the power, the earnings. */
export function FleetHistory() {
  const styles = useStyles2(getStyles);
  const { settings } = useMe();
  const [range, setRange] = useState<FleetRange>('24h');
  const history = useRequest(
    (client, signal) =>
      unwrap(client.v1.fleet.history.$get({ query: { range } }, { init: { signal } })),
    [range],
  );
  // Not the last range's hours under another range's failure.
  const hours = history.error ? undefined : history.data?.hours;
  const charts = useMemo(() => (hours ? fleetCharts(hours) : undefined), [hours]);
  const empty = hours?.every((hour) => hour.onlineDevices === 0 && hour.earnedLamports === '0');

  return (
    <div className={styles.strip}>
      <Section
        title="Fleet history"
        description="Hour by hour, in your time zone."
        variant="compact"
        actions={
          <RadioButtonGroup
            aria-label="Fleet history range"
            options={[...FLEET_RANGES]}
            value={range}
            onChange={setRange}
            size="sm"
          />
        }
      >
        {history.error && (
          <ApiErrorAlert
            error={history.error}
            title="Could not load the fleet history"
            onRetry={history.reload}
          />
        )}
        {empty && <Text color="secondary">No device reported in these hours.</Text>}
        <div className={styles.charts}>
          {charts && hours && !empty
            ? charts.map((chart) => (
                <div
                  key={chart.id}
                  className={styles.chart}
                  data-testid={testIds.home.fleetChart(chart.id)}
                  data-points={hours.length}
                >
                  <Text variant="bodySmall" color="secondary">
                    {chart.title}
                  </Text>
                  <TimeSeriesChart
                    frames={[chart.frame]}
                    timeRange={rangeOf(hours)}
                    timeZone={settings.timezone}
                    stepMs={HOUR_MS}
                    height={CHART_HEIGHT}
                    style={STYLES[chart.id]}
                    showLegend={false}
                    tooltipTimeFormat="YYYY-MM-DD HH:mm"
                  />
                </div>
              ))
            : !history.error && !empty && <ChartSkeletons />}
        </div>
      </Section>
    </div>
  );
}

function ChartSkeletons() {
  const styles = useStyles2(getStyles);
  return (
    <>
      {['online', 'power', 'earned'].map((id) => (
        <div key={id} className={styles.chart} aria-hidden>
          <Skeleton height={CHART_HEIGHT} />
        </div>
      ))}
    </>
  );
}

/** From the first hour's start to the last one's end. */
function rangeOf(hours: FleetHour[]) {
  const from = dateTime(Date.parse(hours[0]?.hour ?? ''));
  const to = dateTime(Date.parse(hours.at(-1)?.hour ?? '') + HOUR_MS);
  return { from, to, raw: { from, to } };
}

const getStyles = (theme: GrafanaTheme2) => ({
  strip: css({ marginBottom: theme.spacing(2) }),
  charts: css({
    display: 'grid',
    gap: theme.spacing(2),
    // One column on a phone, three side by side on a wide screen.
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 260px), 1fr))',
  }),
  chart: css({ minWidth: 0 }),
});
