import { InfluxDB } from '@influxdata/influxdb-client';

/** Sends line protocol; resolves once the server acknowledged every line. */
export type LineWriter = { write(lines: readonly string[]): Promise<void> };

/** At most this many lines per request (the API accepts 5 MB after decompression). */
export const MAX_BATCH_LINES = 5_000;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

export type InfluxWriterOptions = {
  /** The API's InfluxDB-compatible base URL (`ingestUrl` from enrollment). */
  url: string;
  /** The device credential, sent as `Authorization: Token …`. */
  token: string;
  timeoutMs?: number;
};

/**
 * A writer over `@influxdata/influxdb-client`'s WriteApi with its own batching, timer and
 * retries switched off: the disk log is the buffer, and the shipper decides about retries.
 * Lines are written with millisecond precision; bodies over 1 KB are gzipped.
 */
export function createInfluxWriter({ url, token, timeoutMs = 15_000 }: InfluxWriterOptions) {
  const writeApi = new InfluxDB({ url, token, timeout: timeoutMs }).getWriteApi(
    'ioworker',
    'ioworker',
    'ms',
    {
      // Larger than any batch we hand it, so it never sends on its own (unawaited).
      batchSize: MAX_BATCH_LINES + 1,
      maxBatchBytes: 2 * MAX_BATCH_BYTES,
      flushInterval: 0,
      maxRetries: 0,
      maxBufferLines: MAX_BATCH_LINES + 1,
      gzipThreshold: 1_000,
      // Hand every failure straight back to flush() instead of logging and retrying.
      writeFailed: (error) => Promise.reject(error),
    },
  );
  return {
    async write(lines: readonly string[]): Promise<void> {
      writeApi.writeRecords([...lines]);
      await writeApi.flush();
    },
  } satisfies LineWriter;
}
