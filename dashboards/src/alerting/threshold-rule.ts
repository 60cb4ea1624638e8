import {
  QueryBuilder,
  RuleBuilder,
  type Query,
  type Rule,
} from '@grafana/grafana-foundation-sdk/alerting';
import { TypeReduceBuilder, TypeThresholdBuilder } from '@grafana/grafana-foundation-sdk/expr';
import { INFLUX_DATASOURCE, InfluxTargetBuilder } from '../grafana/influx-target.js';

export const EXPRESSION_DATASOURCE = { type: '__expr__', uid: '__expr__' } as const;

export type Reducer = 'last' | 'max' | 'min' | 'mean' | 'sum';
export type Evaluator = 'gt' | 'gte' | 'lt' | 'lte';
export type Severity = 'critical' | 'warning' | 'info';

export type ThresholdRuleSpec = {
  uid: string;
  title: string;
  /** InfluxQL with `$timeFilter`, grouped by `device` (and `gpu`) so alerts carry those labels. */
  query: { toString(): string };
  /** How far back `$timeFilter` reaches, in seconds. */
  windowS: number;
  /** How the query's series are turned into one number each (`dropNN`: empty intervals are skipped). */
  reducer: Reducer;
  /** The rule fires for a series whose reduced value is `evaluator` `threshold`. */
  evaluator: Evaluator;
  threshold: number;
  /** How long the condition must hold before the alert fires. */
  for: string;
  noDataState: Rule['noDataState'];
  severity: Severity;
  summary: string;
  /** Runbook: what it means, what to check, what to do. */
  description: string;
};

/** What a rule is besides its data source query: the same for InfluxQL and PromQL rules. */
export type RuleBasics = Omit<ThresholdRuleSpec, 'query' | 'windowS'> & {
  /** Labels besides severity (the notification policy routes on them). */
  labels?: Record<string, string>;
};

function influxSource(spec: ThresholdRuleSpec): QueryBuilder {
  return new QueryBuilder('A')
    .datasourceUid(INFLUX_DATASOURCE.uid)
    .relativeTimeRange({ from: spec.windowS, to: 0 })
    .model(new InfluxTargetBuilder(spec.query, { refId: 'A' }));
}

/** The data source query (A), its reduction (B) and the threshold (C) that is the condition. */
function ruleQueries(spec: RuleBasics, source: QueryBuilder): QueryBuilder[] {
  const reduce = new QueryBuilder('B')
    .datasourceUid(EXPRESSION_DATASOURCE.uid)
    .relativeTimeRange({ from: 0, to: 0 })
    .model(
      new TypeReduceBuilder()
        .refId('B')
        .datasource(EXPRESSION_DATASOURCE)
        .expression('A')
        .reducer(spec.reducer)
        .settings({ mode: 'dropNN' }),
    );
  const threshold = new QueryBuilder('C')
    .datasourceUid(EXPRESSION_DATASOURCE.uid)
    .relativeTimeRange({ from: 0, to: 0 })
    .model(
      new TypeThresholdBuilder()
        .refId('C')
        .datasource(EXPRESSION_DATASOURCE)
        .expression('B')
        .conditions([{ evaluator: { type: spec.evaluator, params: [spec.threshold] } }]),
    );
  return [source, reduce, threshold];
}

/** A Grafana-managed rule: the query `source` (refId A), reduced per series, compared with a threshold. */
export function thresholdRuleOn(spec: RuleBasics, source: QueryBuilder): Rule {
  return new RuleBuilder(spec.title)
    .uid(spec.uid)
    .queries(ruleQueries(spec, source))
    .condition('C')
    .forDuration(spec.for)
    .noDataState(spec.noDataState)
    .execErrState('Error')
    .labels({ ...spec.labels, severity: spec.severity })
    .annotations({ summary: spec.summary, description: spec.description })
    .isPaused(false)
    .build();
}

/** A Grafana-managed rule: one InfluxQL query, reduced per series, compared with a threshold. */
export function thresholdRule(spec: ThresholdRuleSpec): Rule {
  return thresholdRuleOn(spec, influxSource(spec));
}

/** The alert rule of Grafana's file provisioning (`groups[].rules[]`). */
export type ProvisionedRule = Pick<
  Rule,
  | 'uid'
  | 'title'
  | 'condition'
  | 'noDataState'
  | 'execErrState'
  | 'for'
  | 'labels'
  | 'annotations'
  | 'isPaused'
> & { data: Query[] };

/** Plain data: the SDK's models carry a marker method that must not reach the YAML. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The SDK builds the HTTP API's shape; file provisioning takes the group's folder and org instead. */
export function toProvisionedRule(rule: Rule): ProvisionedRule {
  const { uid, title, condition, data, noDataState, execErrState, labels, annotations, isPaused } =
    rule;
  return plain({
    uid,
    title,
    condition,
    data,
    noDataState,
    execErrState,
    for: rule.for,
    labels,
    annotations,
    isPaused,
  });
}
