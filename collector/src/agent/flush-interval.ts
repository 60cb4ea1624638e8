/**
 * How many reporting intervals the API keeps a device online after a write, and the most it
 * credits as uptime between two writes: `MISSED_INTERVALS` in api/src/features/status/
 * device-status.ts, where the reporting interval is the `interval_s` of the host line (see
 * `MAX_REPORTING_INTERVAL_S` in @ioworker/contract/telemetry).
 */
export const API_ONLINE_INTERVALS = 3;

/**
 * Writes may come at most this many sampling intervals apart: one interval short of the online
 * window, left for the request to arrive. Slower, and a healthy device would blink offline
 * between writes and lose uptime.
 */
export const MAX_FLUSH_INTERVALS = API_ONLINE_INTERVALS - 1;

/** Past this a batch saves little more, and the live view would lag by as much. */
export const MAX_DEFAULT_FLUSH_MS = 10_000;

/**
 * The default time between two sends: as many samples per request as the API's online window
 * allows, at most 10 s: 2 s for 1 s sampling (half the requests), 10 s for 5 s, every sample
 * from 10 s on.
 *
 * @example
 * defaultFlushMs(1_000); // 2_000
 */
export function defaultFlushMs(intervalMs: number): number {
  return Math.max(intervalMs, Math.min(MAX_DEFAULT_FLUSH_MS, MAX_FLUSH_INTERVALS * intervalMs));
}
