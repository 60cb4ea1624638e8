import { QueryBuilder, type Rule } from '@grafana/grafana-foundation-sdk/alerting';
import { prom, PROMETHEUS_DATASOURCE } from '../grafana/prometheus-target.js';
import { thresholdRuleOn, type RuleBasics } from './threshold-rule.js';

/** The label the notification policy sends to the operators rather than the API webhook. */
export const OPERATOR_LABEL = { audience: 'operator' } as const;

export const INGEST_REFUSED_RATIO = 0.05;
export const WRITE_P99_S = 1;
export const OUTBOX_LAG_S = 300;
export const DELIVERY_FAILING_RATIO = 0.5;
export const ROLLUP_LAG_S = 900;

/** Share of node writes refused over `range`; a client that hung up (499) is not refused. */
export function ingestRefusedRatio(range: string): string {
  return `sum(rate(ioworker_ingest_write_requests_total{status!~"2..|499"}[${range}])) / sum(rate(ioworker_ingest_write_requests_total[${range}]))`;
}

export function writeLatency(quantile: number, range: string): string {
  return `histogram_quantile(${quantile}, sum by (le) (rate(ioworker_ingest_write_duration_seconds_bucket[${range}])))`;
}

export type PrometheusRuleSpec = RuleBasics & {
  /** PromQL, evaluated as an instant query; each series it returns is one alert instance. */
  expr: string;
};

function platformRule(spec: PrometheusRuleSpec): Rule {
  const source = new QueryBuilder('A')
    .datasourceUid(PROMETHEUS_DATASOURCE.uid)
    .relativeTimeRange({ from: 600, to: 0 })
    .model(prom(spec.expr, { instant: true }));
  return thresholdRuleOn({ ...spec, labels: { ...OPERATOR_LABEL, ...spec.labels } }, source);
}

const DASHBOARD = 'the IO Worker / Platform dashboard';

export const ingestRefused: PrometheusRuleSpec = {
  uid: 'ioworker-platform-ingest-refused',
  title: 'Ingest refusing writes',
  expr: ingestRefusedRatio('10m'),
  reducer: 'last',
  evaluator: 'gt',
  threshold: INGEST_REFUSED_RATIO,
  for: '10m',
  noDataState: 'OK',
  severity: 'warning',
  summary: `{{ humanizePercentage $values.B.Value }} of node writes were refused over 10 minutes.`,
  description: [
    `What it means: more than ${INGEST_REFUSED_RATIO * 100} % of POST /api/v2/write answers were not 2xx for 10 minutes: samples from part of the fleet are not being stored.`,
    `What to check: "Points accepted, writes refused" on ${DASHBOARD} (reason: invalid, invalid_credential, payload_too_large, unavailable, internal_error); for unavailable, InfluxDB's health and /readyz; for invalid, a collector release or Telegraf config that changed what it sends; the API logs for the request ids.`,
    'What to do: bring InfluxDB back (unavailable), roll back the collector change (invalid), or have the affected nodes re-enrol (invalid_credential). Nodes buffer on disk and resend once accepted.',
  ].join('\n\n'),
};

export const writeSlow: PrometheusRuleSpec = {
  uid: 'ioworker-platform-write-p99',
  title: 'Ingest writes slow',
  expr: writeLatency(0.99, '5m'),
  reducer: 'last',
  evaluator: 'gt',
  threshold: WRITE_P99_S,
  for: '10m',
  noDataState: 'OK',
  severity: 'warning',
  summary: `The p99 of node writes has been {{ humanizeDuration $values.B.Value }} for 10 minutes.`,
  description: [
    `What it means: 1 % of node writes take longer than ${WRITE_P99_S} s to be answered. Collectors wait, then buffer; a slower API soon refuses writes.`,
    `What to check: "Write latency" and "CPU per process" / "Event loop delay" on ${DASHBOARD}; InfluxDB's write latency and disk; PostgreSQL load (device state is stored per write batch); whether a fleet just came back and replays its buffers.`,
    'What to do: scale the API replicas (the HPA may be at its maximum), give InfluxDB faster disks or more memory, or wait out a replay if latency falls.',
  ].join('\n\n'),
};

export const outboxLag: PrometheusRuleSpec = {
  uid: 'ioworker-platform-outbox-lag',
  title: 'Notification outbox behind',
  expr: 'max(ioworker_outbox_lag_seconds)',
  reducer: 'last',
  evaluator: 'gt',
  threshold: OUTBOX_LAG_S,
  for: '5m',
  noDataState: 'OK',
  severity: 'critical',
  summary: 'A due notification has waited {{ humanizeDuration $values.B.Value }} to be sent.',
  description: [
    `What it means: the oldest due delivery has waited more than ${OUTBOX_LAG_S / 60} minutes past its time: alerts, verification and reset mails reach users late or not at all.`,
    `What to check: "Worker leader" (no leader, no sending), "Outbox lag" and "Delivery attempts" on ${DASHBOARD}; the worker logs ("delivery round failed"); SMTP and Telegram reachability from the worker.`,
    'What to do: restore the worker or its leader (see "No worker leads"), fix SMTP or the network; the outbox then drains by itself.',
  ].join('\n\n'),
};

export const deliveriesFailing: PrometheusRuleSpec = {
  uid: 'ioworker-platform-deliveries-failing',
  title: 'Notification deliveries failing',
  expr: 'sum(increase(ioworker_delivery_attempts_total{outcome!="sent"}[15m])) / sum(increase(ioworker_delivery_attempts_total[15m]))',
  reducer: 'last',
  evaluator: 'gt',
  threshold: DELIVERY_FAILING_RATIO,
  for: '15m',
  noDataState: 'OK',
  severity: 'warning',
  summary: '{{ humanizePercentage $values.B.Value }} of notification sends failed over 15 minutes.',
  description: [
    `What it means: more than ${DELIVERY_FAILING_RATIO * 100} % of sends were retried or failed. One user's broken webhook does not do that; a shared path (SMTP, Telegram, egress) does.`,
    `What to check: "Delivery attempts" by channel on ${DASHBOARD}: one channel kind failing (email: SMTP_URL and its provider; telegram: the bot token, api.telegram.org reachability) or all of them (egress, DNS).`,
    'What to do: fix the provider or the network; retries go on with back-off for 24 hours, so most messages still arrive.',
  ].join('\n\n'),
};

export const payoutsFailed: PrometheusRuleSpec = {
  uid: 'ioworker-platform-payouts-failed',
  title: 'Payouts failed',
  expr: 'max(delta(ioworker_payouts{status="failed"}[1h]))',
  reducer: 'last',
  evaluator: 'gt',
  threshold: 0,
  for: '0s',
  noDataState: 'OK',
  severity: 'critical',
  summary: 'Payouts failed in the last hour (about {{ printf "%.0f" $values.B.Value }}).',
  description: [
    'What it means: payouts reached "failed": the chain refused or dropped their transfer, and their amount was credited back to the accounts.',
    "What to check: the payouts' failure_reason (admin payouts view or `SELECT failure_reason, count(*) FROM payouts WHERE status = 'failed' AND updated_at > now() - interval '1 hour' GROUP BY 1`), the worker logs, the Solana RPC's health and the treasury balance.",
    'What to do: fix the cause (RPC, treasury, a bad address); the balances are owed still and the next run pays them.',
  ].join('\n\n'),
};

export const payoutsHeld: PrometheusRuleSpec = {
  uid: 'ioworker-platform-payouts-held',
  title: 'Payouts held for approval',
  expr: 'max(ioworker_payouts{status="held"})',
  reducer: 'last',
  evaluator: 'gt',
  threshold: 0,
  for: '1h',
  noDataState: 'OK',
  severity: 'warning',
  summary: '{{ printf "%.0f" $values.B.Value }} payout(s) held for over an hour.',
  description: [
    'What it means: payouts above PAYOUT_MAX_LAMPORTS wait for an admin, and payouts past PAYOUT_DAILY_MAX_LAMPORTS wait for room in the last 24 hours. Their owners see them as held; their balances are set aside.',
    "What to check: `SELECT id, account_id, amount_lamports, hold_reason, created_at FROM payouts WHERE status = 'held' ORDER BY created_at`; whether the amounts are what the accounts earned (statements), and whether the caps still fit the fleet's earnings.",
    'What to do: approve the ones that are right (`POST /v1/admin/payouts/{id}/approve`) and decline the others (`…/decline`: the balance goes back to the account), or raise the caps if they hold ordinary payouts.',
  ].join('\n\n'),
};

export const treasuryLow: PrometheusRuleSpec = {
  uid: 'ioworker-platform-treasury-low',
  title: 'Treasury too low for the next payout run',
  expr: 'min(ioworker_treasury_covers_next_run)',
  reducer: 'last',
  evaluator: 'lt',
  threshold: 1,
  for: '5m',
  noDataState: 'OK',
  severity: 'critical',
  summary: 'The treasury balance does not cover the next payout run.',
  description: [
    'What it means: what eligible accounts are owed, fees included, is more than the treasury holds (/readyz reports treasury "low"). The next run pays who it can and skips the rest.',
    `What to check: "Treasury" and "Next payout run" on ${DASHBOARD}; the treasury address in the worker logs; whether a large balance became eligible at once.`,
    'What to do: fund the treasury address with at least the difference (plus a margin for the next days), then let the schedule run or start a run from the admin API.',
  ].join('\n\n'),
};

export const rollupLag: PrometheusRuleSpec = {
  uid: 'ioworker-platform-rollup-lag',
  title: 'Metric rollups behind',
  expr: 'max by (policy) (ioworker_metric_rollup_lag_seconds)',
  reducer: 'last',
  evaluator: 'gt',
  threshold: ROLLUP_LAG_S,
  for: '10m',
  noDataState: 'OK',
  severity: 'warning',
  summary: 'Rollup {{ $labels.policy }} is {{ humanizeDuration $values.B.Value }} behind.',
  description: [
    `What it means: the 1-minute or 1-hour rollups are more than ${ROLLUP_LAG_S / 60} minutes behind what they could have computed: history charts and Device history stop at that point.`,
    `What to check: "Worker leader" and "Metric rollup lag" on ${DASHBOARD}; the worker logs ("metric rollups failed"); InfluxDB's health and query load.`,
    'What to do: restore the worker or InfluxDB; the rollups catch up from their watermark by themselves.',
  ].join('\n\n'),
};

export const noLeader: PrometheusRuleSpec = {
  uid: 'ioworker-platform-no-leader',
  title: 'No worker leads',
  expr: 'sum(ioworker_worker_leader{role=~"worker|all"}) or vector(0)',
  reducer: 'last',
  evaluator: 'lt',
  threshold: 1,
  for: '2m',
  noDataState: 'Alerting',
  severity: 'critical',
  summary: 'No worker process runs the background jobs.',
  description: [
    'What it means: no scraped process with ROLE=worker or all holds the leadership: payouts, alert evaluation, notification delivery, status sweeps and rollups have stopped.',
    'What to check: `kubectl get pods -l app.kubernetes.io/name=worker`, the worker logs ("this worker leads", "no longer leads"), its connection to PostgreSQL (leadership is an advisory lock on its own connection), and that Prometheus scrapes the worker-metrics Service.',
    'What to do: restart the worker or restore PostgreSQL; a worker takes the lead within seconds of being able to.',
  ].join('\n\n'),
};

export const PLATFORM_RULES: readonly PrometheusRuleSpec[] = [
  ingestRefused,
  writeSlow,
  outboxLag,
  deliveriesFailing,
  payoutsFailed,
  payoutsHeld,
  treasuryLow,
  rollupLag,
  noLeader,
];

export function platformRules(): Rule[] {
  return PLATFORM_RULES.map(platformRule);
}
