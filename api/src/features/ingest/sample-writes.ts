import {
  MetricsRefusedError,
  type MetricsStore,
  type WritePrecision,
} from '../../influx/influx-client.js';

/**
 * How long a small write waits for others to share its POST to InfluxDB. A fleet's writes are
 * small (a device's few lines every 10 s) and each POST costs the API about 1 ms of CPU
 * however small it is, so 2,000 devices save about a third of a core by travelling together.
 */
export const SHARED_WRITE_WINDOW_MS = 20;
/** A write this large goes alone and at once: it gains nothing from company. */
const ALONE_FROM_BYTES = 256 * 1024;
/** A shared POST is sent early once it holds this much. */
const MAX_SHARED_BYTES = 4 * 1024 * 1024;
/**
 * A large write goes in parts of about this size, POSTed together: influxd parses a POST on one
 * core, so one node's 1 MB batch waited for a single core while the others were idle.
 */
const PART_BYTES = 256 * 1024;
const MAX_PARTS = 4;
const NEWLINE = 0x0a;

/**
 * Lines (each ending in a newline) cut at line ends into at most `MAX_PARTS` parts of at least
 * about `PART_BYTES`. A part that fails fails the write; the node sends it again, and the parts
 * already stored overwrite themselves (the same points). One thing differs from a single POST:
 * of two points of one series and time in different parts, the one InfluxDB keeps is not
 * always the later in the batch.
 */
export function partsOf(lines: Uint8Array): Uint8Array[] {
  const count = Math.max(1, Math.min(MAX_PARTS, Math.floor(lines.byteLength / PART_BYTES)));
  const size = Math.ceil(lines.byteLength / count);
  const parts: Uint8Array[] = [];
  for (let start = 0; start < lines.byteLength;) {
    const lineEnd = lines.indexOf(NEWLINE, start + size - 1);
    const end = lineEnd < 0 ? lines.byteLength : lineEnd + 1;
    parts.push(lines.subarray(start, end));
    start = end;
  }
  return parts;
}

type Waiting = { lines: Uint8Array; resolve(): void; reject(error: unknown): void };
type Shared = { writes: Waiting[]; bytes: number; timer: NodeJS.Timeout };

export type SampleWrites = {
  /** Stores one write's lines (each ending in a newline); resolves once InfluxDB has them. */
  write(lines: Uint8Array, precision: WritePrecision): Promise<void>;
  /** Sends what is waiting now. */
  close(): Promise<void>;
};

/**
 * Sample writes to InfluxDB, small ones joined into one POST per precision every
 * `SHARED_WRITE_WINDOW_MS`. Each write still stands alone: its promise settles with its own
 * lines, and if InfluxDB refuses a shared POST for its content, each write in it is sent again
 * alone, so one device's refused lines never fail another's.
 */
export function createSampleWrites(metrics: MetricsStore): SampleWrites {
  const shared = new Map<WritePrecision, Shared>();
  const inFlight = new Set<Promise<void>>();

  /** Large writes being sent: parts help only while influxd has cores no other write keeps busy. */
  let largeInFlight = 0;

  async function sendAlone(write: Waiting, precision: WritePrecision): Promise<void> {
    const large = write.lines.byteLength >= ALONE_FROM_BYTES;
    const parts = large && largeInFlight === 0 ? partsOf(write.lines) : [write.lines];
    if (large) largeInFlight += 1;
    try {
      await Promise.all(parts.map((part) => metrics.write(part, { precision })));
      write.resolve();
    } catch (error) {
      write.reject(error);
    } finally {
      if (large) largeInFlight -= 1;
    }
  }

  async function sendShared(writes: Waiting[], precision: WritePrecision): Promise<void> {
    const [only, ...others] = writes;
    if (only && others.length === 0) return sendAlone(only, precision);
    try {
      await metrics.write(Buffer.concat(writes.map((write) => write.lines)), { precision });
      for (const write of writes) write.resolve();
    } catch (error) {
      if (!(error instanceof MetricsRefusedError)) {
        for (const write of writes) write.reject(error);
        return;
      }
      await Promise.all(writes.map((write) => sendAlone(write, precision)));
    }
  }

  function flush(precision: WritePrecision): void {
    const pending = shared.get(precision);
    if (!pending) return;
    shared.delete(precision);
    clearTimeout(pending.timer);
    const sending = sendShared(pending.writes, precision);
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  }

  function join(write: Waiting, precision: WritePrecision): void {
    let pending = shared.get(precision);
    if (!pending) {
      const timer = setTimeout(() => flush(precision), SHARED_WRITE_WINDOW_MS);
      pending = { writes: [], bytes: 0, timer };
      shared.set(precision, pending);
    }
    pending.writes.push(write);
    pending.bytes += write.lines.byteLength;
    if (pending.bytes >= MAX_SHARED_BYTES) flush(precision);
  }

  return {
    write(lines, precision) {
      return new Promise<void>((resolve, reject) => {
        const write = { lines, resolve, reject };
        if (lines.byteLength >= ALONE_FROM_BYTES) void sendAlone(write, precision);
        else join(write, precision);
      });
    },
    async close() {
      for (const precision of [...shared.keys()]) flush(precision);
      await Promise.all(inFlight);
    },
  };
}
