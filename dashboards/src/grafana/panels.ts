import {
  BigValueColorMode,
  BigValueGraphMode,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VisibilityMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type DashboardBuilder,
  type DynamicConfigValue,
  type Panel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { INFLUX_DATASOURCE } from './influx-target.js';

/** A threshold step: from `value` upwards (null: the base step) the colour is `color`. */
export type Step = readonly [value: number | null, color: string];

export function thresholds(...steps: Step[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps(steps.map(([value, color]) => ({ value, color })));
}

/** Neutral base colour for panels whose values are neither good nor bad. */
export const NEUTRAL: Step[] = [[null, 'blue']];

/** Legends of per-GPU series. */
export const PER_GPU = '$tag_device GPU $tag_gpu';
export const PER_DEVICE = '$tag_device';

type Size = { w: number; h: number };

/** A time series panel with a table legend (mean, max, last) sorted by the hottest value. */
export function timeseries(title: string, unit: string, size: Size = { w: 12, h: 8 }) {
  return new TimeseriesPanel()
    .title(title)
    .datasource(INFLUX_DATASOURCE)
    .unit(unit)
    .span(size.w)
    .height(size.h)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(VisibilityMode.Never)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Bottom)
        .calcs(['mean', 'max', 'lastNotNull']),
    )
    .tooltip(
      new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending),
    );
}

/** Draws the thresholds as dashed lines, so "how close to the limit" reads at a glance. */
export function dashedThresholds() {
  return new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed);
}

/** A single number: the last value, coloured by its thresholds, with a sparkline if asked. */
export function stat(title: string, unit: string, size: Size = { w: 4, h: 4 }) {
  return new StatPanel()
    .title(title)
    .datasource(INFLUX_DATASOURCE)
    .unit(unit)
    .span(size.w)
    .height(size.h)
    .graphMode(BigValueGraphMode.None)
    .colorMode(BigValueColorMode.Value)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

export function table(title: string, unit: string, size: Size = { w: 12, h: 8 }) {
  return new TablePanel()
    .title(title)
    .datasource(INFLUX_DATASOURCE)
    .unit(unit)
    .span(size.w)
    .height(size.h);
}

/** Override properties for one column of a table or one series of a graph. */
export function props(values: Record<string, unknown>): DynamicConfigValue[] {
  return Object.entries(values).map(([id, value]) => ({ id, value }));
}

/** Adds a row titled `title` and its panels; the SDK lays them out left to right. */
export function section(
  dashboard: DashboardBuilder,
  title: string,
  panels: Builder<Panel>[],
): DashboardBuilder {
  dashboard.withRow(new RowBuilder(title));
  for (const panel of panels) dashboard.withPanel(panel);
  return dashboard;
}
