import { formatLine, LineProtocolError, scanLineProtocol } from '@ioworker/contract/line-protocol';
import type { WritePrecision } from '../../influx/influx-client.js';
import { ApiError } from '../../lib/api-error.js';
import { OutgoingLines, pointAsWritten } from './as-written.js';
import { knownLineAt, learnLine, stampWindow } from './known-lines.js';
import type { TimedPoint } from './latest-sample.js';
import { mapPoint, SchemaError } from './point-mapping.js';
import type { WriteBody } from './write-body.js';

const FUTURE_LIMIT_NS = 5n * 60n * 1_000_000_000n;
const HORIZON_NS = 7n * 24n * 60n * 60n * 1_000_000_000n;
const NS_PER_UNIT = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n } as const;

/**
 * The window a point's timestamp must fall in, in the write's own units, so each timestamp is
 * compared as written: no per-point BigInt arithmetic, which a 20,000-line batch would pay for
 * in garbage.
 */
type Clock = { precision: WritePrecision; received: bigint; earliest: bigint; latest: bigint };

function clockAt(precision: WritePrecision, receivedNs: bigint): Clock {
  const unit = NS_PER_UNIT[precision];
  return {
    precision,
    received: receivedNs / unit,
    earliest: (receivedNs - HORIZON_NS) / unit,
    latest: (receivedNs + FUTURE_LIMIT_NS) / unit,
  };
}

function invalid(message: string): ApiError {
  return ApiError.badRequest('invalid', message);
}

/** The point's time in ms; exact for `ms` and `s`, which Number holds whole. */
function millisecondsOf(stamp: bigint, precision: WritePrecision): number {
  if (precision === 'ms') return Number(stamp);
  if (precision === 's') return Number(stamp) * 1000;
  return Number(stamp / (precision === 'us' ? 1_000n : 1_000_000n));
}

/** The point's own timestamp, within 7 days behind and 5 minutes ahead; else the time of receipt. */
function stampOf(timestamp: bigint | undefined, clock: Clock, line: number): bigint {
  if (timestamp === undefined) return clock.received;
  if (timestamp > clock.latest) {
    throw invalid(`line ${line}: timestamp is more than 5 minutes in the future`);
  }
  if (timestamp < clock.earliest) throw invalid(`line ${line}: timestamp is older than 7 days`);
  return timestamp;
}

export type Batch = { points: TimedPoint[]; lines: OutgoingLines; droppedFields: number };

/**
 * Parses a body and fits it to the schema, all of it before anything is written: any problem
 * is the InfluxDB-style 400 naming its line, and nothing of the batch is stored. Lines already
 * in their stored form (our collector's, Telegraf's `gpu` lines) are forwarded as their bytes
 * with the device tag added; the rest are re-written, in the write's precision too.
 */
export function prepareBatch(
  body: WriteBody,
  deviceId: string,
  precision: WritePrecision,
  receivedNs: bigint,
): Batch {
  const clock = clockAt(precision, receivedNs);
  const window = stampWindow(precision, clock.earliest, clock.latest);
  const batch: Batch = { points: [], lines: new OutgoingLines(body, deviceId), droppedFields: 0 };
  // A line like one stored as written before is checked in place, without being parsed.
  const claimKnownLine = (start: number, line: number) => {
    const known = knownLineAt(body.text, start, line, window);
    if (!known) return -1;
    batch.points.push(known);
    batch.lines.forward(known);
    return known.end;
  };
  try {
    scanLineProtocol(
      body.text,
      (point, span) => {
        const asWritten = pointAsWritten(body.text, point, span, deviceId);
        if (asWritten) learnLine(body.text, span, asWritten);
        const { mapped, droppedFields } = asWritten
          ? { mapped: asWritten, droppedFields: 0 }
          : mapPoint(point, deviceId);
        batch.droppedFields += droppedFields;
        if (!mapped) return;
        const stamp = stampOf(point.timestamp, clock, point.line);
        batch.points.push(Object.assign(mapped, { timeMs: millisecondsOf(stamp, precision) }));
        if (asWritten) batch.lines.forward(span);
        else batch.lines.rewrite(formatLine({ ...mapped, timestamp: stamp }));
      },
      claimKnownLine,
    );
  } catch (error) {
    if (error instanceof LineProtocolError || error instanceof SchemaError) {
      throw invalid(error.message);
    }
    throw error;
  }
  return batch;
}
