import { Counter, Gauge, type Registry } from 'prom-client';
import type { AppDeps } from '../../app-env.js';
import type { PayoutStatus } from '../../db/database.js';
import { watermarks } from '../metric-rollups/metric-rollups.queries.js';
import { POLICIES } from '../metric-rollups/rollup-plan.js';
import { SETTLE_MS } from '../metric-rollups/rollup-scheduler.js';
import { treasuryCoversNextRun } from '../payouts/payout-runner.js';
import { outboxState, payoutsByStatus, staleRollupDevices } from './platform-metrics.queries.js';

/** Under the ServiceMonitor's 10 s scrape timeout: a slow source leaves its gauges out instead. */
export const COLLECT_TIMEOUT_MS = 5000;

const PAYOUT_STATUSES: PayoutStatus[] = ['held', 'pending', 'sent', 'confirmed', 'failed'];

export type JobMetricsDeps = Pick<AppDeps, 'db' | 'config' | 'logger' | 'payouts' | 'metrics'>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type Source<T> = () => Promise<T | undefined>;

/**
 * A read shared by every gauge that scrape asks it of, one in flight at a time, bounded by the
 * timeout: a scrape never queues a second query behind a slow one. Undefined when it failed.
 */
function sharedSource<T>(
  name: string,
  read: () => Promise<T>,
  failed: (name: string, error: Error) => void,
): Source<T> {
  let running: Promise<T | undefined> | undefined;
  return () => {
    running ??= withTimeout(read(), COLLECT_TIMEOUT_MS)
      .catch((error: Error) => {
        failed(name, error);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}

/** Makes the shared, bounded read of one source (sharedSource with the failure counter). */
type SourceOf = <T>(name: string, read: () => Promise<T>) => Source<T>;

type GaugeSpec<L extends string> = { name: string; help: string; labelNames?: readonly L[] };

/** A gauge set from `source` at each scrape; without a value (the read failed) it has no sample. */
function gaugeFrom<T, L extends string = never>(
  registry: Registry,
  spec: GaugeSpec<L>,
  source: Source<T>,
  set: (gauge: Gauge<L>, value: T) => void,
): void {
  new Gauge<L>({
    ...spec,
    labelNames: spec.labelNames ?? [],
    registers: [registry],
    async collect() {
      const value = await source();
      this.reset();
      if (value !== undefined) set(this, value);
    },
  });
}

/**
 * How far each rollup policy is behind what it could have computed by now: windows end
 * `SETTLE_MS` before being computed, so a current policy reads 0, whatever its window.
 */
async function rollupLag(deps: JobMetricsDeps): Promise<Map<string, number>> {
  const marks = await watermarks(deps.db);
  const now = Date.now();
  const lag = new Map<string, number>();
  for (const policy of POLICIES) {
    const computed = marks.get(policy.name);
    if (computed === undefined) continue;
    const computable = Math.floor((now - SETTLE_MS) / policy.windowMs) * policy.windowMs;
    lag.set(policy.name, Math.max(0, computable - computed) / 1000);
  }
  return lag;
}

function registerOutbox(registry: Registry, deps: JobMetricsDeps, source: SourceOf) {
  const outbox = source('outbox', () => outboxState(deps.db));
  gaugeFrom(
    registry,
    { name: 'ioworker_outbox_pending', help: 'Notification deliveries not yet sent or given up.' },
    outbox,
    (gauge, state) => gauge.set(state.pending),
  );
  gaugeFrom(
    registry,
    {
      name: 'ioworker_outbox_lag_seconds',
      help: 'How long the longest-waiting due delivery has waited past its time (0: none due).',
    },
    outbox,
    (gauge, state) => gauge.set(state.lagSeconds),
  );
  gaugeFrom(
    registry,
    {
      name: 'ioworker_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest undelivered message, retries waiting included (0: none).',
    },
    outbox,
    (gauge, state) => gauge.set(state.oldestAgeSeconds),
  );
}

function registerPayouts(registry: Registry, deps: JobMetricsDeps, source: SourceOf) {
  gaugeFrom(
    registry,
    {
      name: 'ioworker_payouts',
      help: 'Payouts by status, all time (settled counts only grow: delta() reads new ones).',
      labelNames: ['status'] as const,
    },
    source('payouts', () => payoutsByStatus(deps.db)),
    (gauge, counts) => {
      for (const status of PAYOUT_STATUSES) gauge.set({ status }, 0);
      for (const [status, count] of counts) gauge.set({ status }, count);
    },
  );
  const { payouts } = deps;
  if (!payouts) return;
  const treasury = source('treasury', () => treasuryCoversNextRun(payouts, deps));
  gaugeFrom(
    registry,
    { name: 'ioworker_treasury_balance_lamports', help: "The treasury's balance on chain." },
    treasury,
    (gauge, state) => gauge.set(Number(state.balance)),
  );
  gaugeFrom(
    registry,
    {
      name: 'ioworker_treasury_next_run_due_lamports',
      help: 'What the next payout run would send, fees included.',
    },
    treasury,
    (gauge, state) => gauge.set(Number(state.due)),
  );
  gaugeFrom(
    registry,
    {
      name: 'ioworker_treasury_covers_next_run',
      help: '1 when the treasury balance covers the next payout run, else 0 (as /readyz "low").',
    },
    treasury,
    (gauge, state) => gauge.set(state.covered ? 1 : 0),
  );
}

function registerRollups(registry: Registry, deps: JobMetricsDeps, source: SourceOf) {
  if (!deps.metrics || !deps.config.influx.rollups) return;
  gaugeFrom(
    registry,
    {
      name: 'ioworker_metric_rollup_lag_seconds',
      help: 'How far each metric rollup policy is behind the windows it could have computed.',
      labelNames: ['policy'] as const,
    },
    source('rollup_lag', () => rollupLag(deps)),
    (gauge, lag) => {
      for (const [policy, seconds] of lag) gauge.set({ policy }, seconds);
    },
  );
  gaugeFrom(
    registry,
    {
      name: 'ioworker_metric_rollup_stale_devices',
      help: 'Devices whose rollups wait to be computed again (late samples).',
    },
    source('rollup_stale', () => staleRollupDevices(deps.db)),
    (gauge, count) => gauge.set(count),
  );
}

/**
 * What a process that runs the background jobs (ROLE=worker or all) computes at each scrape
 * from PostgreSQL and the chain: outbox, payouts, treasury, rollup lag. API replicas leave it
 * out, so that N of them do not each query the database at every scrape. The earnings ledger's
 * rollups have no lag to report: a trigger updates them in the ledger's own transaction.
 */
export function registerJobMetrics(registry: Registry, deps: JobMetricsDeps): void {
  const failures = new Counter({
    name: 'ioworker_metrics_collect_failures_total',
    help: 'Scrape-time reads that failed or timed out, by source; their gauges had no sample.',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const failed = (name: string, error: Error) => {
    failures.inc({ source: name });
    deps.logger.warn({ source: name, err: error.message }, 'a platform metric could not be read');
  };
  const source: SourceOf = (name, read) => sharedSource(name, read, failed);
  registerOutbox(registry, deps, source);
  registerPayouts(registry, deps, source);
  registerRollups(registry, deps, source);
}
