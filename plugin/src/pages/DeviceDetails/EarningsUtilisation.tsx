import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { DataFrame, GrafanaTheme2 } from '@grafana/data';
import { EmptyState, RadioButtonGroup, Spinner, Stack, Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { TimeSeriesChart } from '../../components/TimeSeriesChart/TimeSeriesChart';
import { dayRange } from '../../utils/day-range';
import {
  DAY_MS,
  EARNINGS_DAYS,
  dayFigures,
  dayFrame,
  hasFigures,
  summaryLine,
  utilisationByDay,
  utilisationQuery,
  type DayFigures,
  type EarningsDays,
} from './earnings-utilisation';

const HEIGHT = 260;
const RANGES = EARNINGS_DAYS.map((days) => ({ value: days, label: `${days} days` }));

interface Props {
  deviceId: string;
  timeZone: string;
}

/** What the device earned each day, as bars, beside its mean GPU utilisation, as a line. */
export function EarningsUtilisation({ deviceId, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const [days, setDays] = useState<EarningsDays>(7);
  const { earnings, metrics } = useEarningsAndUtilisation(deviceId, days);
  const chart = useMemo(() => {
    if (!earnings.data || !metrics.data) return undefined;
    const utilisation = utilisationByDay(metrics.data.series, timeZone);
    const figures = dayFigures(earnings.data.days, utilisation);
    return {
      figures,
      frame: dayFrame(figures),
      summary: summaryLine(figures, utilisation),
    };
  }, [earnings.data, metrics.data, timeZone]);
  const error = earnings.error ?? metrics.error;
  const retry = () => {
    if (earnings.error) earnings.reload();
    if (metrics.error) metrics.reload();
  };

  return (
    <div className={styles.section}>
      <Section
        variant="card"
        title="Earnings and utilisation"
        description="SOL earned per day beside the GPUs’ mean utilisation; days in your time zone."
        actions={
          <>
            {(earnings.loading || metrics.loading) && chart && (
              <Spinner size="sm" aria-label="Updating the earnings" />
            )}
            <RadioButtonGroup
              aria-label="Days shown"
              options={RANGES}
              value={days}
              onChange={setDays}
              size="sm"
            />
          </>
        }
      >
        {error ? (
          <ApiErrorAlert
            error={error}
            title="Could not load the earnings or utilisation"
            onRetry={retry}
          />
        ) : (
          <ChartBody chart={chart} days={days} />
        )}
      </Section>
    </div>
  );
}

interface BodyProps {
  chart: { figures: DayFigures[]; frame: DataFrame; summary: string } | undefined;
  days: EarningsDays;
}

function ChartBody({ chart, days }: BodyProps) {
  const styles = useStyles2(getStyles);
  if (!chart) return <Skeleton height={HEIGHT} />;
  const first = chart.figures[0]?.date;
  const last = chart.figures.at(-1)?.date;
  if (!first || !last || !hasFigures(chart.figures)) {
    return (
      <EmptyState variant="not-found" message={`Nothing earned or measured in ${days} days`}>
        Daily earnings and utilisation appear here once the device runs jobs.
      </EmptyState>
    );
  }
  return (
    <Stack direction="column" gap={1}>
      <Text element="p" color="secondary">
        {chart.summary}
      </Text>
      <div className={styles.chart}>
        <TimeSeriesChart
          frames={[chart.frame]}
          timeRange={dayRange(first, last)}
          timeZone="utc"
          stepMs={DAY_MS}
          height={HEIGHT}
          legendCalcs={[]}
          tooltipTimeFormat="YYYY-MM-DD"
        />
      </div>
    </Stack>
  );
}

/** The days' earnings (from the ledger rollups) and hourly utilisation, loaded side by side. */
function useEarningsAndUtilisation(deviceId: string, days: EarningsDays) {
  const earnings = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.earnings.daily.$get(
          { query: { days: String(days), deviceId } },
          { init: { signal } },
        ),
      ),
    [deviceId, days],
  );
  const metrics = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.devices[':id'].metrics.$get(
          { param: { id: deviceId }, query: utilisationQuery(days, Date.now()) },
          { init: { signal } },
        ),
      ),
    [deviceId, days],
  );
  return { earnings, metrics };
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ marginTop: theme.spacing(2) }),
  // uPlot sizes its canvas to this box: without a floor on shrinking it would push the page wide.
  chart: css({ minWidth: 0, marginTop: theme.spacing(0.5) }),
});
