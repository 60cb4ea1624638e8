import type { AppDeps } from '../../app-env.js';
import { createDeviceCredentialCache } from './credential-cache.js';
import { createDeviceStateBuffer } from './device-state.js';
import { createLiveSamples } from './live-samples.js';
import { createSampleWrites } from './sample-writes.js';
import { createKnownSeriesCache } from './series-budget.js';

/**
 * What ingest keeps in memory between writes: credentials, known series, buffered state, live
 * samples and the writes on their way to InfluxDB. The caller closes `sampleWrites`,
 * `deviceState` and `liveSamples` after the server, before the database and the bus.
 */
export function createIngestDeps(
  deps: Pick<AppDeps, 'db' | 'events' | 'logger' | 'config' | 'metrics'>,
): Pick<
  AppDeps,
  'deviceCredentials' | 'knownSeries' | 'deviceState' | 'liveSamples' | 'sampleWrites'
> {
  return {
    deviceCredentials: createDeviceCredentialCache(deps),
    knownSeries: createKnownSeriesCache(),
    deviceState: createDeviceStateBuffer(deps, deps.config.stateFlushMs),
    liveSamples: createLiveSamples(deps),
    sampleWrites: deps.metrics && createSampleWrites(deps.metrics),
  };
}
