import type { Config } from '../config.js';

export type InfluxSeries = {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: (string | number | null)[][];
};

/** What the API needs of InfluxDB: its v1-compatible HTTP API, which 1.x, 2.x and 3 all serve. */
export type MetricsStore = {
  /** Writes line protocol with nanosecond timestamps. */
  write(lines: string): Promise<void>;
  /** Runs one InfluxQL statement; times come back as epoch milliseconds. */
  query(influxql: string): Promise<InfluxSeries[]>;
  ensureDatabase(): Promise<void>;
};

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

async function send(url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new MetricsUnavailableError(`InfluxDB is unreachable: ${(error as Error).message}`);
  }
}

type QueryBody = { results?: { series?: InfluxSeries[]; error?: string }[]; error?: string };

export function createInfluxClient(influx: InfluxConfig): MetricsStore {
  const headers = authHeaders(influx);
  const endpoint = (path: string, params: Record<string, string | undefined>) => {
    const url = new URL(path, `${influx.url}/`);
    for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
    return url;
  };

  async function query(influxql: string): Promise<InfluxSeries[]> {
    const url = endpoint('query', { db: influx.db, rp: influx.retentionPolicy, epoch: 'ms' });
    const response = await send(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q: influxql }),
    });
    const body = (await response.json().catch(() => ({}))) as QueryBody;
    const error = body.error ?? body.results?.find((result) => result.error)?.error;
    if (!response.ok || error) {
      throw new MetricsUnavailableError(
        `InfluxDB query failed (${response.status}): ${error ?? 'no body'}`,
      );
    }
    return body.results?.flatMap((result) => result.series ?? []) ?? [];
  }

  return {
    query,
    async write(lines) {
      const url = endpoint('write', { db: influx.db, rp: influx.retentionPolicy, precision: 'ns' });
      const response = await send(url, { method: 'POST', headers, body: lines });
      if (!response.ok) {
        const text = (await response.text().catch(() => '')).slice(0, 300);
        if (REFUSES_THE_DATA.has(response.status)) throw new MetricsRefusedError(text);
        throw new MetricsUnavailableError(`InfluxDB write failed (${response.status}): ${text}`);
      }
    },
    async ensureDatabase() {
      // InfluxDB 1.x needs the database created; 2.x/3 map buckets (DBRP) and refuse this.
      await query(`CREATE DATABASE "${influx.db.replace(/["\\]/g, '\\$&')}"`).catch(
        () => undefined,
      );
    },
  };
}
