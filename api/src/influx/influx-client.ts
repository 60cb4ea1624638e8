import type { Config } from '../config.js';
import { postBody, type PostLimits } from './http-post.js';
import { ensureRetentionPolicies, quoteIdentifier } from './retention-policies.js';

export type InfluxSeries = {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: (string | number | null)[][];
};

/** What the API needs of InfluxDB: its v1-compatible HTTP API, which 1.x, 2.x and 3 all serve. */
export type MetricsStore = {
  /** Writes line protocol whose timestamps are in `precision` units (nanoseconds unless told). */
  write(lines: string | Uint8Array, options?: WriteOptions): Promise<void>;
  /** Runs one InfluxQL statement; times come back as epoch milliseconds. */
  query(influxql: string, options?: QueryOptions): Promise<InfluxSeries[]>;
  ensureDatabase(): Promise<void>;
};

export type WritePrecision = 'ns' | 'us' | 'ms' | 's';
/**
 * `retentionPolicy` overrides INFLUX_RP for one call: the rollups' policies on 1.x, their DBRP
 * mappings on 2.x (`rp` names the mapping, which names a bucket).
 */
export type WriteOptions = { precision?: WritePrecision; retentionPolicy?: string };
/** `retentionPolicy`: the policy unqualified measurements are read from (the `rp` parameter). */
export type QueryOptions = { retentionPolicy?: string };

/**
 * The v1 `/write` names microseconds `u`: InfluxDB 1.x does not know `us`, and reads the
 * timestamps as nanoseconds instead.
 */
const V1_PRECISION: Record<WritePrecision, string> = { ns: 'ns', us: 'u', ms: 'ms', s: 's' };

export class MetricsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsUnavailableError';
  }
}

/** InfluxDB refused a batch for what it holds (a field type conflict, a series limit): retrying cannot help. */
export class MetricsRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsRefusedError';
  }
}

/** What InfluxDB answers about the data itself; anything else is its own or our setup's fault. */
const REFUSES_THE_DATA = new Set([400, 413, 422]);

const TIMEOUT_MS = 10_000;

type InfluxConfig = Config['influx'] & { url: string };

function authHeaders(influx: InfluxConfig): Record<string, string> {
  if (influx.token) return { authorization: `Token ${influx.token}` };
  if (influx.user && influx.password) {
    return {
      authorization: `Basic ${Buffer.from(`${influx.user}:${influx.password}`).toString('base64')}`,
    };
  }
  return {};
}

/** InfluxDB's answers to a write are short errors; to a query, at most a few MB of JSON. */
const WRITE_LIMITS = { timeoutMs: TIMEOUT_MS, maxAnswerBytes: 1024 * 1024 };
const QUERY_LIMITS = { timeoutMs: TIMEOUT_MS, maxAnswerBytes: 256 * 1024 * 1024 };

async function send(
  url: URL,
  headers: Record<string, string>,
  body: string | Uint8Array,
  limits: PostLimits,
) {
  try {
    return await postBody(url, headers, body, limits);
  } catch (error) {
    throw new MetricsUnavailableError(`InfluxDB is unreachable: ${(error as Error).message}`);
  }
}

type QueryBody = { results?: { series?: InfluxSeries[]; error?: string }[]; error?: string };

/** InfluxDB's JSON answer; undefined when it is not JSON (cut short, or not InfluxDB's). */
function parseQueryAnswer(text: string): QueryBody | undefined {
  try {
    return JSON.parse(text) as QueryBody;
  } catch {
    return undefined;
  }
}

export function createInfluxClient(influx: InfluxConfig): MetricsStore {
  const headers = authHeaders(influx);
  const endpoint = (path: string, params: Record<string, string | undefined>) => {
    const url = new URL(path, `${influx.url}/`);
    for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
    return url;
  };

  async function query(influxql: string, options: QueryOptions = {}): Promise<InfluxSeries[]> {
    const rp = options.retentionPolicy ?? influx.retentionPolicy;
    const url = endpoint('query', { db: influx.db, rp, epoch: 'ms' });
    const answer = await send(
      url,
      { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ q: influxql }).toString(),
      QUERY_LIMITS,
    );
    const body = parseQueryAnswer(answer.text);
    const error = body
      ? (body.error ?? body.results?.find((result) => result.error)?.error)
      : 'the answer is not JSON (cut short?)';
    if (!body || answer.status < 200 || answer.status >= 300 || error) {
      throw new MetricsUnavailableError(
        `InfluxDB query failed (${answer.status}): ${error ?? 'no body'}`,
      );
    }
    return body.results?.flatMap((result) => result.series ?? []) ?? [];
  }

  return {
    query,
    async write(lines, options = {}) {
      const url = endpoint('write', {
        db: influx.db,
        rp: options.retentionPolicy ?? influx.retentionPolicy,
        precision: V1_PRECISION[options.precision ?? 'ns'],
      });
      const answer = await send(url, headers, lines, WRITE_LIMITS);
      if (answer.status >= 200 && answer.status < 300) return;
      const text = answer.text.slice(0, 300);
      if (REFUSES_THE_DATA.has(answer.status)) throw new MetricsRefusedError(text);
      throw new MetricsUnavailableError(`InfluxDB write failed (${answer.status}): ${text}`);
    },
    async ensureDatabase() {
      // InfluxDB 1.x needs the database and policies created; 2.x/3 have buckets (mapped by
      // DBRP) that an operator creates, and refuse these statements.
      await query(`CREATE DATABASE ${quoteIdentifier(influx.db)}`).catch(() => undefined);
      await ensureRetentionPolicies(query, influx).catch(() => undefined);
    },
  };
}
