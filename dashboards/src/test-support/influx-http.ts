/** The few calls of InfluxDB's v1 HTTP API the tests need. */

export type Series = {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
};

type QueryResponse = { results?: { series?: Series[]; error?: string }[]; error?: string };

export async function influxQuery(url: string, db: string, query: string): Promise<Series[]> {
  const response = await fetch(`${url}/query`, {
    method: 'POST',
    body: new URLSearchParams({ db, q: query, epoch: 'ms' }),
  });
  const body = (await response.json()) as QueryResponse;
  const error = body.error ?? body.results?.[0]?.error;
  if (!response.ok || error) throw new Error(`${query}\n→ ${response.status} ${error ?? ''}`);
  return body.results?.[0]?.series ?? [];
}

export async function influxWrite(url: string, db: string, lines: readonly string[]) {
  const response = await fetch(`${url}/write?db=${encodeURIComponent(db)}&precision=ms`, {
    method: 'POST',
    body: lines.join('\n'),
  });
  if (response.status !== 204) {
    throw new Error(`write: ${response.status} ${await response.text()}`);
  }
}

/** The value of `column` in a series' last row. */
export function lastValue(series: Series, column?: string): unknown {
  const index = column === undefined ? series.columns.length - 1 : series.columns.indexOf(column);
  return series.values.at(-1)?.[index];
}
