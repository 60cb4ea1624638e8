import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { ProvisionedRule } from '../alerting/threshold-rule.js';
import { INFLUX_DATASOURCE } from '../grafana/influx-target.js';

export type FoundQuery = {
  /** Where it comes from, for failure messages: `dashboard / panel / refId`. */
  where: string;
  query: string;
  /** Alert queries: how far back `$timeFilter` reaches. */
  windowS?: number;
};

type TargetLike = { refId?: string; query?: string; datasource?: { uid?: string } };

export function isRow(panel: Panel | RowPanel): panel is RowPanel {
  return panel.type === 'row';
}

export function panelsOf(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []).filter((panel): panel is Panel => !isRow(panel));
}

/** Every InfluxQL query of a dashboard: its panels' targets and its query variables. */
export function dashboardQueries(dashboard: Dashboard): FoundQuery[] {
  const panels = panelsOf(dashboard).flatMap((panel) =>
    ((panel.targets ?? []) as TargetLike[])
      .filter((target) => target.datasource?.uid === INFLUX_DATASOURCE.uid)
      .map((target) => ({
        where: `${dashboard.title} / ${panel.title} / ${target.refId}`,
        query: target.query ?? '',
      })),
  );
  // Query variables run on InfluxDB; a custom variable's query is its list of values.
  const variables = (dashboard.templating?.list ?? []).flatMap((variable) =>
    variable.type === 'query' && typeof variable.query === 'string'
      ? [{ where: `${dashboard.title} / $${variable.name}`, query: variable.query }]
      : [],
  );
  return [...panels, ...variables];
}

type RulesFile = { groups: { name: string; rules: ProvisionedRule[] }[] };

/** Every data source query of the alert rules, with the window its `$timeFilter` covers. */
export function alertQueries(file: RulesFile): (FoundQuery & { windowS: number })[] {
  return file.groups.flatMap((group) =>
    group.rules.flatMap((rule) =>
      rule.data
        .filter((node) => node.datasourceUid === INFLUX_DATASOURCE.uid)
        .map((node) => ({
          where: `${group.name} / ${rule.title} / ${node.refId}`,
          query: (node.model as { query?: string } | undefined)?.query ?? '',
          windowS: node.relativeTimeRange?.from ?? 0,
        })),
    ),
  );
}

/** What Grafana would substitute for the dashboard's variables and macros. */
export function expandDashboardQuery(
  query: string,
  deviceRegex: string,
  rollup = 'rollup_1m',
): string {
  return query
    .replaceAll('$timeFilter', 'time > now() - 1h')
    .replaceAll('$__interval', '30s')
    .replaceAll('$device', deviceRegex)
    .replaceAll('$gpu', '.*')
    .replaceAll('$rollup', rollup);
}

/** Grafana's alerting expands `$timeFilter` from the query's relative time range. */
export function expandAlertQuery(query: string, windowS: number): string {
  return query.replaceAll('$timeFilter', `time > now() - ${windowS}s`);
}
