import { parseConfig } from '../../../api/src/config.js';
import { computeWindows } from '../../../api/src/features/metric-rollups/rollup-compute.js';
import { POLICIES } from '../../../api/src/features/metric-rollups/rollup-plan.js';
import { createInfluxClient } from '../../../api/src/influx/influx-client.js';

/**
 * The API's own rollups of `[fromMs, toMs)`, windows that have not ended included: its retention
 * policies created and its windows computed by the same code its background loop runs.
 */
export async function computeRollups(url: string, db: string, fromMs: number, toMs: number) {
  const { influx } = parseConfig({ INFLUX_URL: url, INFLUX_DB: db });
  const store = createInfluxClient({ ...influx, url });
  await store.ensureDatabase();
  for (const policy of POLICIES) {
    const range = {
      fromMs: Math.floor(fromMs / policy.windowMs) * policy.windowMs,
      toMs: Math.ceil(toMs / policy.windowMs) * policy.windowMs,
    };
    await computeWindows(store, policy, range);
  }
}
