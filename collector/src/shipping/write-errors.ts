import type { IncomingHttpHeaders } from 'node:http';
import { retryAfterMs } from '@ioworker/contract';

/** The server answered a write with a status other than 2xx. */
export class WriteRefusedError extends Error {
  override readonly name = 'WriteRefusedError';

  constructor(
    readonly statusCode: number,
    /** The start of the response body, for the log. */
    readonly body: string,
    readonly headers: IncomingHttpHeaders = {},
  ) {
    super(`HTTP ${statusCode}`);
  }
}

/**
 * What to do after a failed write:
 * - `retry`: network errors, timeouts, 408, 429 and 5xx — back off and send again;
 * - `blocked`: 401/403 (the device was deleted or re-enrolled elsewhere) or 404 (no ingest
 *   endpoint at that URL): nothing will pass until a person acts, so keep the data and retry
 *   slowly — dropping here would empty the whole buffer within seconds;
 * - `drop`: any other 4xx (400, 413, 422 …) — this batch can never be accepted.
 */
export type WriteFailure =
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'blocked'; reason: string; hint: string }
  | { kind: 'drop'; reason: string };

function describe(error: unknown): string {
  if (error instanceof WriteRefusedError) {
    const detail = error.body.replace(/\s+/g, ' ').trim().slice(0, 200);
    return `HTTP ${error.statusCode}${detail ? ` ${detail}` : ''}`;
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code} ${error.message}`.trim() : error.message;
  }
  return String(error);
}

export function classifyWriteFailure(error: unknown): WriteFailure {
  const reason = describe(error);
  if (!(error instanceof WriteRefusedError)) return { kind: 'retry', reason };
  const status = error.statusCode;
  if (status === 401 || status === 403) {
    return { kind: 'blocked', reason, hint: 'credential rejected: re-enroll this device' };
  }
  if (status === 404) {
    return { kind: 'blocked', reason, hint: 'no ingest endpoint at this URL: check ingestUrl' };
  }
  if (status === 408 || status === 429 || status >= 500) {
    const delayMs = retryAfterMs(error.headers['retry-after']);
    return delayMs === undefined
      ? { kind: 'retry', reason }
      : { kind: 'retry', reason, retryAfterMs: delayMs };
  }
  if (status >= 400) return { kind: 'drop', reason };
  return { kind: 'retry', reason };
}

/** Exponential back-off with full jitter: uniform in [0, min(cap, base × 2^(attempt−1))]. */
export function backoffMs(
  attempt: number,
  random: () => number = Math.random,
  { baseMs = 1_000, capMs = 60_000 } = {},
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}
