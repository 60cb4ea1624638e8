import type { MetricsStore } from '../../influx/influx-client.js';
import { quoteString } from '../../influx/influxql.js';
import type { ServiceSample } from './service-intervals.js';

/** Each service's `up` samples of a device in [fromMs, toMs), oldest first, by name. */
export async function queryServiceSamples(
  metrics: MetricsStore,
  deviceId: string,
  window: { fromMs: number; toMs: number },
): Promise<Map<string, ServiceSample[]>> {
  const series = await metrics.query(
    `SELECT "up" FROM "service" WHERE "device" = ${quoteString(deviceId)} ` +
      `AND time >= ${window.fromMs}ms AND time < ${window.toMs}ms GROUP BY "name"`,
  );
  const samples = new Map<string, ServiceSample[]>();
  for (const each of series) {
    const name = each.tags?.name;
    if (!name) continue;
    const upColumn = each.columns.indexOf('up');
    samples.set(
      name,
      each.values
        .filter((row) => typeof row[upColumn] === 'number')
        .map((row) => ({ atMs: Number(row[0]), up: row[upColumn] === 1 })),
    );
  }
  return samples;
}
