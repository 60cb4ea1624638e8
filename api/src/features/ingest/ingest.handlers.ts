import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { MetricsRefusedError, type MetricsStore } from '../../influx/influx-client.js';
import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { MAX_BODY_BYTES, writeRoute } from './ingest.routes.js';
import type { TimedPoint } from './latest-sample.js';
import { recordSamples } from './record-samples.js';
import { formatLine, LineProtocolError, parseLineProtocol } from '@ioworker/contract/line-protocol';
import { mapPoint, SchemaError } from './point-mapping.js';
import { reserveSeries, seriesOfWrite } from './series-budget.js';

const FUTURE_LIMIT_MS = 5 * 60 * 1000;
const HORIZON_MS = 7 * 24 * 60 * 60 * 1000;
const NS_PER_UNIT = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n } as const;
const gunzipAsync = promisify(gunzip);
/**
 * Lines one write may carry: our collector sends at most 5,000, Telegraf 1,000 by default. The
 * whole batch is parsed and checked at once, so this bounds the time one request holds the
 * event loop (a 5 MB body of short lines would be ~330,000 points, about 2 s of CPU).
 */
export const MAX_WRITE_LINES = 20_000;

/** The body's encoding: gzip (which `x-gzip` also names) or none; anything else is refused. */
function isGzipped(request: Request): boolean {
  const encoding = (request.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return true;
  if (encoding === '' || encoding === 'identity') return false;
  throw new ApiError(
    415,
    'unsupported_media_type',
    `Content-Encoding "${encoding.slice(0, 32)}" is not supported: send gzip or no encoding.`,
  );
}

async function readBody(request: Request): Promise<string> {
  const gzipped = isGzipped(request);
  let bytes = Buffer.from(await request.arrayBuffer());
  if (gzipped) {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: MAX_BODY_BYTES });
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
        error instanceof RangeError
      ) {
        throw new ApiError(
          413,
          'payload_too_large',
          'Request body is larger than 5 MB once decompressed.',
        );
      }
      throw ApiError.badRequest('invalid', 'Request body is not valid gzip.');
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw ApiError.badRequest('invalid', 'Request body is not valid UTF-8.');
  }
}

function assertLineCount(body: string): void {
  let lines = 1;
  for (let at = body.indexOf('\n'); at !== -1; at = body.indexOf('\n', at + 1)) {
    lines += 1;
    if (lines > MAX_WRITE_LINES) {
      throw new ApiError(
        413,
        'payload_too_large',
        `A write may carry at most ${MAX_WRITE_LINES} lines: send smaller batches (Telegraf: metric_batch_size).`,
      );
    }
  }
}

function invalid(message: string): ApiError {
  return ApiError.badRequest('invalid', message);
}

function timeOf(
  timestamp: bigint | undefined,
  unit: bigint,
  receivedNs: bigint,
  line: number,
): bigint {
  if (timestamp === undefined) return receivedNs;
  const ns = timestamp * unit;
  const nowMs = Number(receivedNs / 1_000_000n);
  const ms = Number(ns / 1_000_000n);
  if (ms > nowMs + FUTURE_LIMIT_MS)
    throw invalid(`line ${line}: timestamp is more than 5 minutes in the future`);
  if (ms < nowMs - HORIZON_MS) throw invalid(`line ${line}: timestamp is older than 7 days`);
  return ns;
}

function toStoredLine(point: TimedPoint, timeNs: bigint): string {
  return formatLine({
    measurement: point.measurement,
    tags: point.tags,
    fields: point.fields,
    timestampNs: timeNs,
  });
}

type Batch = { points: TimedPoint[]; lines: string[]; droppedFields: number };

/**
 * Parses a body and fits it to the schema, all of it before anything is written: any problem
 * is the InfluxDB-style 400 naming its line, and nothing of the batch is stored.
 */
function prepareBatch(body: string, deviceId: string, unit: bigint, receivedNs: bigint): Batch {
  const batch: Batch = { points: [], lines: [], droppedFields: 0 };
  try {
    for (const point of parseLineProtocol(body)) {
      const { mapped, droppedFields } = mapPoint(point, deviceId);
      batch.droppedFields += droppedFields;
      if (!mapped) continue;
      const timeNs = timeOf(point.timestamp, unit, receivedNs, point.line);
      const timed = { ...mapped, timeMs: Number(timeNs / 1_000_000n) };
      batch.points.push(timed);
      batch.lines.push(toStoredLine(timed, timeNs));
    }
  } catch (error) {
    if (error instanceof LineProtocolError || error instanceof SchemaError)
      throw invalid(error.message);
    throw error;
  }
  return batch;
}

/** A batch InfluxDB refuses for its content is the node's to drop (400), not to send again. */
async function storeSamples(metrics: MetricsStore, lines: string[]): Promise<void> {
  try {
    await metrics.write(lines.join('\n'));
  } catch (error) {
    if (error instanceof MetricsRefusedError) {
      throw invalid(`InfluxDB refused the batch: ${error.message}`);
    }
    throw error;
  }
}

export const ingestRoutes = createRouter().openapi(writeRoute, async (c) => {
  const { metrics } = c.var.deps;
  const device = c.var.device;
  const unit = NS_PER_UNIT[c.req.valid('query').precision];
  const body = await readBody(c.req.raw);
  assertLineCount(body);
  const batch = prepareBatch(body, device.deviceId, unit, BigInt(Date.now()) * 1_000_000n);
  // Before anything is stored: a write beyond the device's series budget is refused whole.
  await reserveSeries(c.var.deps, device.deviceId, seriesOfWrite(batch.points));
  // Without metrics storage (no INFLUX_URL) only what PostgreSQL keeps is recorded: status,
  // uptime and the latest reading. Refusing the write instead would leave every device pending.
  if (metrics && batch.lines.length > 0) await storeSamples(metrics, batch.lines);
  await recordSamples(c.var.deps, device, batch.points, batch.droppedFields);
  return c.body(null, 204);
});
