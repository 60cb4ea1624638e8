import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ChannelTarget, SendOutcome } from '../channels/channel-message.js';
import type { DeliverySender } from '../deliveries/delivery-worker.js';

/**
 * What one process counts as it serves: writes, event streams, delivery attempts. Module-wide,
 * like the process itself: whichever API a process starts, its requests land here, and the
 * metrics listener (metrics-listener.ts) serves them beside what it computes at scrape time.
 */
export const processRegistry = new Registry();

/**
 * Node's own metrics (CPU, memory, event loop delay, GC), unprefixed as Node dashboards expect
 * them; once per process, however many APIs it starts (tests start several).
 */
export function collectNodeMetrics(): void {
  if (processRegistry.getSingleMetric('process_cpu_user_seconds_total')) return;
  collectDefaultMetrics({ register: processRegistry });
}

const writeRequests = new Counter({
  name: 'ioworker_ingest_write_requests_total',
  help: 'Node writes (POST /api/v2/write) answered, by HTTP status.',
  labelNames: ['status'] as const,
  registers: [processRegistry],
});

const writeDuration = new Histogram({
  name: 'ioworker_ingest_write_duration_seconds',
  help: 'Time from a node write arriving to its answer, refused ones included.',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

const pointsAccepted = new Counter({
  name: 'ioworker_ingest_points_accepted_total',
  help: 'Points of accepted writes, as stored.',
  registers: [processRegistry],
});

const writesRejected = new Counter({
  name: 'ioworker_ingest_writes_rejected_total',
  help: 'Node writes refused, by reason (the error code of the answer: invalid, invalid_credential, payload_too_large, unavailable, …).',
  labelNames: ['reason'] as const,
  registers: [processRegistry],
});

const linesRejected = new Counter({
  name: 'ioworker_ingest_lines_rejected_total',
  help: 'Lines of refused writes whose body was read (a batch is refused whole), by reason.',
  labelNames: ['reason'] as const,
  registers: [processRegistry],
});

const sseStreams = new Gauge({
  name: 'ioworker_sse_connections',
  help: 'Event streams (GET /v1/events) open now.',
  registers: [processRegistry],
});

const deliveryAttempts = new Counter({
  name: 'ioworker_delivery_attempts_total',
  help: 'Notification sends, by outcome (sent, retry, failed) and channel kind.',
  labelNames: ['outcome', 'channel'] as const,
  registers: [processRegistry],
});

export type WriteOutcome = {
  status: number;
  seconds: number;
  /** Points stored (0 when refused). */
  points: number;
  /** Why it was refused, and how many lines its body had (0 when it was not read). */
  refused?: { reason: string; lines: number };
};

/** Counts one node write: its answer, its time, what was stored or refused. */
export function observeWrite(outcome: WriteOutcome): void {
  writeRequests.inc({ status: String(outcome.status) });
  writeDuration.observe(outcome.seconds);
  if (outcome.points > 0) pointsAccepted.inc(outcome.points);
  if (!outcome.refused) return;
  writesRejected.inc({ reason: outcome.refused.reason });
  if (outcome.refused.lines > 0) {
    linesRejected.inc({ reason: outcome.refused.reason }, outcome.refused.lines);
  }
}

/** The non-empty lines of a body, counted without splitting it (a body may be 5 MB). */
export function countLines(text: string): number {
  let lines = 0;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    if (text.slice(start, stop).trim() !== '') lines += 1;
    start = stop + 1;
  }
  return lines;
}

/** Counts an event stream as open; returns what counts it closed (call it once). */
export function openedEventStream(): () => void {
  sseStreams.inc();
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    sseStreams.dec();
  };
}

function countAttempt(target: ChannelTarget, outcome: SendOutcome['kind']): void {
  deliveryAttempts.inc({ outcome, channel: target.kind });
}

/** The sender, counting each send by its outcome; one that throws counts as a retry (as the worker treats it). */
export function countingSender<S extends DeliverySender>(sender: S): S {
  return {
    ...sender,
    async send(target, message) {
      try {
        const outcome = await sender.send(target, message);
        countAttempt(target, outcome.kind);
        return outcome;
      } catch (error) {
        countAttempt(target, 'retry');
        throw error;
      }
    },
  };
}
