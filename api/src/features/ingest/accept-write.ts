import { MetricsRefusedError, type WritePrecision } from '../../influx/influx-client.js';
import type { AppDeps, AuthenticatedDevice } from '../../app-env.js';
import { ApiError } from '../../lib/api-error.js';
import { markLateSamples } from '../metric-rollups/late-writes.js';
import type { OutgoingLines } from './as-written.js';
import { prepareBatch } from './prepare-batch.js';
import { recordSamples } from './record-samples.js';
import type { SampleWrites } from './sample-writes.js';
import { reserveSeries, seriesOfWrite } from './series-budget.js';
import type { WriteBody } from './write-body.js';

/**
 * A batch InfluxDB refuses for its content is the node's to drop (400), not to send again. Our
 * checks leave InfluxDB nothing to refuse but data written around the gateway (a field of
 * another type already stored); InfluxDB 1.x then keeps the batch's other points, and says so.
 */
async function storeSamples(
  writes: SampleWrites,
  lines: OutgoingLines,
  precision: WritePrecision,
): Promise<void> {
  try {
    await writes.write(lines.bytes(), precision);
  } catch (error) {
    if (error instanceof MetricsRefusedError) {
      throw ApiError.badRequest(
        'invalid',
        `InfluxDB refused the batch (InfluxDB 1.x keeps the points it did not refuse): ${error.message}`,
      );
    }
    throw error;
  }
}

export type WriteDeps = Pick<
  AppDeps,
  'db' | 'events' | 'config' | 'knownSeries' | 'sampleWrites' | 'deviceState' | 'liveSamples'
>;

/**
 * What `POST /api/v2/write` does once the device is known and the body read, whichever way the
 * request came (write-listener.ts, or the Hono route in process): check the whole batch, store
 * it, then record the device's state. Returns how many points it stored.
 */
export async function acceptWrite(
  deps: WriteDeps,
  device: AuthenticatedDevice,
  precision: WritePrecision,
  body: WriteBody,
): Promise<number> {
  const batch = prepareBatch(body, device.deviceId, precision, BigInt(Date.now()) * 1_000_000n);
  // Before anything is stored: a write beyond the device's series budget is refused whole.
  await reserveSeries(deps, device.deviceId, seriesOfWrite(batch.points));
  // Without metrics storage (no INFLUX_URL) only what PostgreSQL keeps is recorded: status,
  // uptime and the latest reading. Refusing the write instead would leave every device pending.
  if (deps.sampleWrites && !batch.lines.isEmpty) {
    await storeSamples(deps.sampleWrites, batch.lines, precision);
    await markLateSamples(deps, device.deviceId, batch.points);
  }
  await recordSamples(deps, device, batch.points, batch.droppedFields);
  return batch.points.length;
}
