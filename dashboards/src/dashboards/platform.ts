import { MappingType } from '@grafana/grafana-foundation-sdk/dashboard';
import { DashboardBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { prom, PROMETHEUS_DATASOURCE } from '../grafana/prometheus-target.js';
import { NEUTRAL, section, stat, thresholds, timeseries } from '../grafana/panels.js';
import {
  INGEST_REFUSED_RATIO,
  OUTBOX_LAG_S,
  ROLLUP_LAG_S,
  WRITE_P99_S,
  ingestRefusedRatio,
  writeLatency,
} from '../alerting/platform-rules.js';

const LAMPORTS_PER_SOL = 1e9;

type Size = { w: number; h: number };

/** The shared panel helpers on Prometheus instead of InfluxDB. */
function graph(title: string, unit: string, size?: Size) {
  return timeseries(title, unit, size).datasource(PROMETHEUS_DATASOURCE);
}

function single(title: string, unit: string, size?: Size) {
  return stat(title, unit, size).datasource(PROMETHEUS_DATASOURCE);
}

function ingest() {
  return [
    graph('Writes by status', 'reqps', { w: 8, h: 8 })
      .description('Node writes (POST /api/v2/write) answered per second, by HTTP status.')
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(
        prom('sum by (status) (rate(ioworker_ingest_write_requests_total[$__rate_interval]))', {
          legend: '{{status}}',
        }),
      ),
    graph('Points accepted, writes refused', 'short', { w: 8, h: 8 })
      .description(
        'Points stored per second; refused writes and their lines per second, by reason (the error code).',
      )
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(
        prom('sum(rate(ioworker_ingest_points_accepted_total[$__rate_interval]))', {
          legend: 'points accepted',
        }),
      )
      .withTarget(
        prom('sum by (reason) (rate(ioworker_ingest_writes_rejected_total[$__rate_interval]))', {
          refId: 'B',
          legend: 'writes refused: {{reason}}',
        }),
      )
      .withTarget(
        prom('sum by (reason) (rate(ioworker_ingest_lines_rejected_total[$__rate_interval]))', {
          refId: 'C',
          legend: 'lines refused: {{reason}}',
        }),
      ),
    graph('Write latency', 's', { w: 8, h: 8 })
      .description(
        `p50 and p99 of a write's time to its answer; the alert is at p99 > ${WRITE_P99_S} s.`,
      )
      .thresholds(thresholds([null, 'green'], [WRITE_P99_S, 'red']))
      .withTarget(prom(writeLatency(0.5, '$__rate_interval'), { legend: 'p50' }))
      .withTarget(prom(writeLatency(0.99, '$__rate_interval'), { refId: 'B', legend: 'p99' })),
    single('Writes refused (10 min)', 'percentunit', { w: 6, h: 4 })
      .description('Share of node writes refused, client hang-ups aside.')
      .thresholds(thresholds([null, 'green'], [INGEST_REFUSED_RATIO, 'red']))
      .withTarget(prom(ingestRefusedRatio('10m'))),
    single('Event streams open', 'short', { w: 6, h: 4 })
      .description('GET /v1/events streams open now, all API replicas.')
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(prom('sum(ioworker_sse_connections)')),
  ];
}

function notifications() {
  return [
    graph('Outbox lag', 's', { w: 8, h: 8 })
      .description(
        'How long the longest-waiting due delivery has waited past its time, and the age of the oldest undelivered message (retries included).',
      )
      .thresholds(thresholds([null, 'green'], [OUTBOX_LAG_S, 'red']))
      .withTarget(prom('max(ioworker_outbox_lag_seconds)', { legend: 'lag' }))
      .withTarget(
        prom('max(ioworker_outbox_oldest_pending_age_seconds)', {
          refId: 'B',
          legend: 'oldest undelivered',
        }),
      ),
    graph('Deliveries pending', 'short', { w: 8, h: 8 })
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(prom('max(ioworker_outbox_pending)', { legend: 'pending' })),
    graph('Delivery attempts', 'short', { w: 8, h: 8 })
      .description('Sends per second by outcome (sent, retry, failed) and channel kind.')
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(
        prom(
          'sum by (outcome, channel) (rate(ioworker_delivery_attempts_total[$__rate_interval]))',
          { legend: '{{channel}} {{outcome}}' },
        ),
      ),
  ];
}

function payouts() {
  return [
    single('Treasury', 'none', { w: 6, h: 4 })
      .description("The treasury's balance on chain, in SOL.")
      .decimals(3)
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(prom(`max(ioworker_treasury_balance_lamports) / ${LAMPORTS_PER_SOL}`)),
    single('Next payout run', 'none', { w: 6, h: 4 })
      .description('What the next payout run would send, fees included, in SOL.')
      .decimals(3)
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(prom(`max(ioworker_treasury_next_run_due_lamports) / ${LAMPORTS_PER_SOL}`)),
    single('Treasury covers the next run', 'none', { w: 6, h: 4 })
      .thresholds(thresholds([null, 'red'], [1, 'green']))
      .mappings([
        {
          type: MappingType.ValueToText,
          options: {
            '0': { text: 'no: too low', color: 'red' },
            '1': { text: 'yes', color: 'green' },
          },
        },
      ])
      .withTarget(prom('min(ioworker_treasury_covers_next_run)')),
    single('Payouts failed (24 h)', 'short', { w: 6, h: 4 })
      .thresholds(thresholds([null, 'green'], [1, 'red']))
      .withTarget(prom('max(delta(ioworker_payouts{status="failed"}[24h]))')),
    graph('Payouts by status', 'short', { w: 24, h: 8 })
      .description('Payouts in each status, all time: settled counts only grow.')
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(prom('max by (status) (ioworker_payouts)', { legend: '{{status}}' })),
  ];
}

function jobs() {
  return [
    graph('Metric rollup lag', 's', { w: 8, h: 8 })
      .description('How far each rollup policy is behind the windows it could have computed.')
      .thresholds(thresholds([null, 'green'], [ROLLUP_LAG_S, 'red']))
      .withTarget(
        prom('max by (policy) (ioworker_metric_rollup_lag_seconds)', { legend: '{{policy}}' }),
      ),
    graph('Devices with stale rollups', 'short', { w: 8, h: 8 })
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(prom('max(ioworker_metric_rollup_stale_devices)', { legend: 'devices' })),
    graph('Worker leader', 'short', { w: 8, h: 8 })
      .description('1 for the process that runs the background jobs; exactly one should.')
      .min(0)
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(
        prom('max by (instance) (ioworker_worker_leader{role=~"worker|all"})', {
          legend: '{{instance}}',
        }),
      ),
  ];
}

function processes() {
  return [
    graph('CPU per process', 'percentunit', { w: 8, h: 8 })
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(
        prom('rate(process_cpu_seconds_total[$__rate_interval])', { legend: '{{instance}}' }),
      ),
    graph('Memory per process', 'bytes', { w: 8, h: 8 })
      .thresholds(thresholds(...NEUTRAL))
      .withTarget(prom('process_resident_memory_bytes', { legend: '{{instance}}' })),
    graph('Event loop delay p99', 's', { w: 8, h: 8 })
      .thresholds(thresholds([null, 'green'], [0.1, 'red']))
      .withTarget(prom('nodejs_eventloop_lag_p99_seconds', { legend: '{{instance}}' })),
  ];
}

/** The platform itself, for operators: the API's and the worker's own metrics on Prometheus. */
export function platform(): Dashboard {
  const dashboard = new DashboardBuilder('IO Worker / Platform')
    .uid('ioworker-platform')
    .tags(['ioworker', 'platform'])
    .description(
      'The platform watching itself: ingest, event streams, the notification outbox, payouts and the treasury, rollups and the worker leader (Prometheus, GET /metrics on METRICS_PORT).',
    )
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .timezone('browser');
  section(dashboard, 'Ingest and streams', ingest());
  section(dashboard, 'Notifications', notifications());
  section(dashboard, 'Payouts and treasury', payouts());
  section(dashboard, 'Background jobs', jobs());
  section(dashboard, 'Processes', processes());
  return dashboard.build();
}
