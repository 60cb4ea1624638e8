import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { dateTime, type GrafanaTheme2, type TimeRange } from '@grafana/data';
import {
  Button,
  EmptyState,
  Icon,
  RadioButtonGroup,
  Spinner,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { framedBox } from '../../styles/boxes';
import { testIds } from '../../testIds';
import { formatDateTime } from '../../utils/format';
import { CHARTS, chartFrames, pointCount, type ChartSpec } from './metrics-frames';
import { QUICK_RANGES, parseStep, resolveRange, windowEnd, type ChartRange } from './time-range';
import { TimeSeriesChart } from '../../components/TimeSeriesChart/TimeSeriesChart';
import type { MetricSeries, MetricsResponse } from './types';
import type { RequestState } from '../../api/hooks';

interface Props {
  metrics: RequestState<MetricsResponse>;
  range: ChartRange;
  onRangeChange: (range: ChartRange) => void;
  timeZone: string;
}

const PLOT_HEIGHT = 200;
const LEGEND_ROW_HEIGHT = 26;
const MAX_LEGEND_ROWS = 8;

/** The plot keeps its height and the legend table grows with the GPUs, up to a scroll. */
function chartHeight(seriesCount: number): number {
  const rows = Math.min(Math.max(seriesCount, 1), MAX_LEGEND_ROWS) + 1;
  return PLOT_HEIGHT + rows * LEGEND_ROW_HEIGHT;
}

/** Every metric of the device over one range, one chart per metric with a legend per GPU. */
export function MetricsCharts({ metrics, range, onRangeChange, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const { data, error, loading, reload } = metrics;
  const timeRange = useMemo(
    () => toTimeRange(range, data ? windowEnd(data) : Date.now()),
    [range, data],
  );
  const stepMs = (data && parseStep(data.step)) ?? 10_000;
  const onZoom = ({ from, to }: { from: number; to: number }) =>
    onRangeChange({ kind: 'absolute', from: Math.round(from), to: Math.round(to) });
  const hasData = data?.series.some((series) => series.points.length > 0) ?? false;

  return (
    <div className={styles.wrapper} data-testid={testIds.device.charts}>
      <RangeToolbar
        range={range}
        onRangeChange={onRangeChange}
        timeZone={timeZone}
        refreshing={loading && data !== undefined}
        step={data?.step}
      />
      {error && <ApiErrorAlert error={error} title="Could not load the metrics" onRetry={reload} />}
      {data && !hasData && !loading && (
        <EmptyState variant="not-found" message="No samples in this range">
          The device sent no metrics between {formatDateTime(data.from, timeZone)} and{' '}
          {formatDateTime(data.to, timeZone)}. Pick another range, or check that its collector is
          running.
        </EmptyState>
      )}
      {(hasData || (!data && !error)) && (
        <div className={styles.grid}>
          {CHARTS.map((chart) => (
            <ChartPanel
              key={chart.id}
              chart={chart}
              series={data?.series}
              timeRange={timeRange}
              timeZone={timeZone}
              stepMs={stepMs}
              onZoom={onZoom}
            />
          ))}
        </div>
      )}
    </div>
  );
}

function toTimeRange(range: ChartRange, now: number): TimeRange {
  const { from, to } = resolveRange(range, now);
  const raw =
    range.kind === 'relative'
      ? { from: `now-${range.seconds}s`, to: 'now' }
      : { from: dateTime(from), to: dateTime(to) };
  return { from: dateTime(from), to: dateTime(to), raw };
}

interface ToolbarProps {
  range: ChartRange;
  onRangeChange: (range: ChartRange) => void;
  timeZone: string;
  refreshing: boolean;
  step: string | undefined;
}

function RangeToolbar({ range, onRangeChange, timeZone, refreshing, step }: ToolbarProps) {
  const styles = useStyles2(getStyles);
  const options = QUICK_RANGES.map(({ label, value, description }) => ({
    label,
    value,
    description,
    ariaLabel: description,
  }));
  return (
    <div className={styles.toolbar}>
      <Stack direction="row" alignItems="center" gap={1} wrap="wrap">
        <RadioButtonGroup
          options={options}
          value={range.kind === 'relative' ? range.seconds : undefined}
          onChange={(seconds) => onRangeChange({ kind: 'relative', seconds })}
          aria-label="Time range"
        />
        {range.kind === 'absolute' && (
          <Button
            size="sm"
            variant="secondary"
            icon="search-minus"
            onClick={() => onRangeChange({ kind: 'relative', seconds: 3600 })}
            tooltip="Back to the last hour, updating live"
          >
            {formatDateTime(new Date(range.from).toISOString(), timeZone)} –{' '}
            {formatDateTime(new Date(range.to).toISOString(), timeZone)}
          </Button>
        )}
      </Stack>
      <Stack direction="row" alignItems="center" gap={1}>
        {refreshing && <Spinner size="sm" aria-label="Updating" />}
        <Text variant="bodySmall" color="secondary">
          {range.kind === 'relative' ? (
            <>
              <Icon name="sync" size="xs" /> Live
            </>
          ) : (
            'Fixed range'
          )}
          {step && ` · one point per ${step}`} · drag on a chart to zoom
        </Text>
      </Stack>
    </div>
  );
}

interface ChartPanelProps {
  chart: ChartSpec;
  series: MetricSeries[] | undefined;
  timeRange: TimeRange;
  timeZone: string;
  stepMs: number;
  onZoom: (range: { from: number; to: number }) => void;
}

function ChartPanel({ chart, series, timeRange, timeZone, stepMs, onZoom }: ChartPanelProps) {
  const styles = useStyles2(getStyles);
  const frames = useMemo(() => (series ? chartFrames(series, chart) : []), [series, chart]);
  const points = series ? pointCount(series, chart) : 0;
  const height = chartHeight(frames.length);
  const headingId = `device-chart-${chart.id}`;
  return (
    <section
      className={styles.panel}
      aria-labelledby={headingId}
      data-testid={testIds.device.chart(chart.id)}
      data-points={points}
    >
      <h3 id={headingId} className={styles.title}>
        {chart.title} <span className={styles.unit}>({chart.unitLabel})</span>
      </h3>
      {!series ? (
        <Skeleton height={chartHeight(2) - 8} />
      ) : points === 0 ? (
        <div className={styles.noData} style={{ height: PLOT_HEIGHT }}>
          <Text color="secondary">No {chart.title.toLowerCase()} data in this range</Text>
        </div>
      ) : (
        <TimeSeriesChart
          frames={frames}
          timeRange={timeRange}
          timeZone={timeZone}
          stepMs={stepMs}
          height={height}
          onZoom={onZoom}
        />
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  toolbar: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  }),
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 520px), 1fr))',
    gap: theme.spacing(2),
  }),
  panel: css({
    ...framedBox(theme),
    padding: theme.spacing(1.5, 2, 1),
    minWidth: 0,
  }),
  title: css({
    fontSize: theme.typography.h6.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    margin: theme.spacing(0, 0, 1),
  }),
  unit: css({ color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular }),
  noData: css({ display: 'flex', alignItems: 'center', justifyContent: 'center' }),
});
