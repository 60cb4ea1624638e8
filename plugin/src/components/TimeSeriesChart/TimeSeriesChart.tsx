import React, { useMemo } from 'react';
import {
  applyFieldOverrides,
  dateTimeFormat,
  FieldColorModeId,
  FieldType,
  formattedValueToString,
  getFieldSeriesColor,
  type DataFrame,
  type GrafanaTheme2,
  type TimeRange,
} from '@grafana/data';
import {
  AxisPlacement,
  DrawStyle,
  GraphGradientMode,
  LegendDisplayMode,
  LineInterpolation,
  PointVisibility,
  TimeSeries,
  TooltipPlugin2,
  useTheme2,
  type GraphFieldConfig,
} from '@grafana/ui';
import { ChartTooltip, type TooltipRow } from './ChartTooltip';
import { useElementWidth } from './useElementWidth';

interface Props {
  frames: DataFrame[];
  timeRange: TimeRange;
  timeZone: string;
  stepMs: number;
  height: number;
  onZoom?: (range: { from: number; to: number }) => void;
  /** How the series are drawn, over smooth lines (e.g. stacked bars). */
  style?: GraphFieldConfig;
  /** What the legend table sums up per series. */
  legendCalcs?: string[];
  /** How the tooltip shows the time (default: to the second). */
  tooltipTimeFormat?: string;
  /** False for a small chart whose one series its heading names already. */
  showLegend?: boolean;
}

/** The uPlot instance, as the tooltip plugin hands it over (uplot is not our dependency). */
type PlotInstance = Parameters<React.ComponentProps<typeof TooltipPlugin2>['render']>[0];

// TooltipHoverMode is a const enum that @grafana/ui does not export: 1 is `xAll`.
const HOVER_ALL_SERIES = 1 as React.ComponentProps<typeof TooltipPlugin2>['hoverMode'];

/** Grafana's time series panel (uPlot) outside a dashboard: sized to its container. */
export function TimeSeriesChart(props: Props) {
  const { frames, timeRange, timeZone, stepMs, height, onZoom, style } = props;
  const { legendCalcs = LEGEND_CALCS, tooltipTimeFormat = 'YYYY-MM-DD HH:mm:ss' } = props;
  const { showLegend = true } = props;
  const theme = useTheme2();
  const [ref, width] = useElementWidth();
  const styled = useMemo(
    () => withDisplay(frames, theme, timeZone, { ...lineStyle(stepMs), ...style }),
    [frames, theme, timeZone, stepMs, style],
  );
  return (
    <div ref={ref}>
      {width > 0 && (
        <TimeSeries
          frames={styled}
          width={width}
          height={height}
          timeRange={timeRange}
          timeZone={timeZone}
          legend={{
            showLegend,
            displayMode: LegendDisplayMode.Table,
            placement: 'bottom',
            calcs: legendCalcs,
          }}
        >
          {(config, alignedFrame) => (
            <TooltipPlugin2
              config={config}
              hoverMode={HOVER_ALL_SERIES}
              queryZoom={onZoom}
              render={(u, dataIdxs) => (
                <ChartTooltip
                  {...tooltipRows(u, alignedFrame, dataIdxs, theme, timeZone, tooltipTimeFormat)}
                />
              )}
            />
          )}
        </TimeSeries>
      )}
    </div>
  );
}

const LEGEND_CALCS = ['mean', 'max', 'lastNotNull'];

/** Smooth lines, broken where samples are missing. */
function lineStyle(stepMs: number): GraphFieldConfig {
  return {
    drawStyle: DrawStyle.Line,
    lineInterpolation: LineInterpolation.Smooth,
    lineWidth: 1.5,
    fillOpacity: 10,
    gradientMode: GraphGradientMode.Opacity,
    showPoints: PointVisibility.Auto,
    pointSize: 4,
    axisPlacement: AxisPlacement.Auto,
    // A gap of more than two steps is a time without samples, drawn as a break in the line.
    insertNulls: stepMs * 2.5,
    spanNulls: false,
  };
}

/**
 * What a dashboard would add to a query's frames: the series style and the display processors
 * that format values with their unit in the account's time zone.
 */
function withDisplay(
  frames: DataFrame[],
  theme: GrafanaTheme2,
  timeZone: string,
  custom: GraphFieldConfig,
): DataFrame[] {
  // Outside Grafana the field-config registry is empty, so defaults would not be merged in:
  // the style goes onto each field itself.
  const styled = frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) =>
      field.type === FieldType.time
        ? field
        : {
            ...field,
            config: {
              ...field.config,
              color: { mode: FieldColorModeId.PaletteClassic },
              custom: { ...custom, ...field.config.custom },
            },
          },
    ),
  }));
  return applyFieldOverrides({
    data: styled,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (value) => value,
    theme,
    timeZone,
  });
}

function tooltipRows(
  u: PlotInstance,
  frame: DataFrame,
  dataIdxs: Array<number | null>,
  theme: GrafanaTheme2,
  timeZone: string,
  format: string,
): { time: string; rows: TooltipRow[] } {
  const index = dataIdxs.find((value) => value !== null) ?? null;
  const time = index === null ? undefined : u.data[0]?.[index];
  const rows: TooltipRow[] = [];
  frame.fields.forEach((field, fieldIndex) => {
    const dataIndex = dataIdxs[fieldIndex];
    if (fieldIndex === 0 || dataIndex === null || dataIndex === undefined) return;
    const value: unknown = field.values[dataIndex];
    if (typeof value !== 'number') return;
    rows.push({
      label: field.config.displayName ?? field.name,
      color: getFieldSeriesColor(field, theme).color,
      value: field.display ? formattedValueToString(field.display(value)) : String(value),
    });
  });
  return {
    time: time === undefined ? '' : dateTimeFormat(time, { timeZone, format }),
    rows,
  };
}
