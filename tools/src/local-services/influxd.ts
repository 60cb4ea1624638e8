import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findInfluxd } from './binaries.js';
import { freePort, spawnService, waitUntilReady } from './process.js';

export type RunningInfluxd = { url: string; stop(): Promise<void> };

function configFile(dataRoot: string, httpPort: number, rpcPort: number): string {
  // Both ports are ours: a second influxd otherwise dies on the default RPC port 8088.
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${path.join(dataRoot, 'meta')}"

[data]
  dir = "${path.join(dataRoot, 'data')}"
  wal-dir = "${path.join(dataRoot, 'wal')}"
  query-log-enabled = false

[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false

[monitor]
  store-enabled = false

[continuous_queries]
  log-enabled = false

[logging]
  level = "warn"
`;
}

/**
 * An influxd (v1 HTTP API: /write, /query, /ping) on free loopback ports. Its data lives in a
 * temp dir that goes when it stops, or in `dataDir`, which is kept (for `npm start`).
 */
export async function startInfluxd(options: { dataDir?: string } = {}): Promise<RunningInfluxd> {
  const influxd = findInfluxd();
  const root = mkdtempSync(path.join(tmpdir(), 'iow-influxd-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const config = path.join(root, 'influxdb.conf');
  writeFileSync(config, configFile(options.dataDir ?? root, httpPort, rpcPort));
  const service = spawnService(influxd, ['-config', config], {
    logFile: path.join(root, 'influxd.log'),
    removeDir: root,
    stopSignal: 'SIGTERM',
  });
  const url = `http://127.0.0.1:${httpPort}`;
  await waitUntilReady(service, 'influxd', async () => {
    const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    return response.status === 204;
  });
  return { url, stop: service.stop };
}
