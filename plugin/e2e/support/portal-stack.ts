import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { writeSolanaKeypairFile } from '@ioworker/tools/solana-keypair';
import { apiRequest, freePort, startApiProcess } from '@ioworker/tools/test/stack';
import { serveHarness } from '../../harness/index.js';

const SERVICE_TOKEN = 'e2e-service-token-0123456789abcdef';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

/**
 * The portal as a user meets it: a real API process (PostgreSQL, influxd, payouts on the
 * embedded ledger) and the app's pages served by the harness, both on 127.0.0.1 so the
 * browser treats them as one site.
 */
export async function startPortalStack() {
  const uiPort = await freePort();
  const uiOrigin = `http://127.0.0.1:${uiPort}`;
  const treasury = path.join(mkdtempSync(path.join(tmpdir(), 'iow-plugin-e2e-')), 'treasury.json');
  writeSolanaKeypairFile(treasury);
  const api = await startApiProcess({
    ALLOWED_ORIGINS: uiOrigin,
    SERVICE_TOKEN,
    ADMIN_TOKEN,
    TREASURY_KEYPAIR: treasury,
    WALLET_HOLD_HOURS: '0',
  });
  const ui = await serveHarness({
    apiUrl: api.url,
    root: inject('harnessDir'),
    port: uiPort,
    host: '127.0.0.1',
  });
  return {
    apiUrl: api.url,
    uiUrl: ui.url,
    /** The orchestrator reporting a job through the service API. */
    reportJob: (job: Record<string, unknown>) =>
      apiRequest(api.url, 'POST', '/v1/jobs', SERVICE_TOKEN, job),
    /** The ids the orchestrator may schedule jobs on now. */
    async schedulableIds(): Promise<string[]> {
      const reply = await apiRequest(api.url, 'GET', '/v1/schedulable-devices', SERVICE_TOKEN);
      return (reply.body as { devices: { id: string }[] }).devices.map((device) => device.id);
    },
    runPayouts: () => apiRequest(api.url, 'POST', '/v1/admin/payouts/run', ADMIN_TOKEN),
    /** A node writing telemetry lines (timestamps in seconds) with its device credential. */
    async writeLines(credential: string, lines: string[]) {
      const response = await fetch(`${api.url}/api/v2/write?precision=s`, {
        method: 'POST',
        headers: { authorization: `Token ${credential}`, 'content-type': 'text/plain' },
        body: lines.join('\n'),
      });
      return { status: response.status, body: await response.text() };
    },
    apiOutput: api.output,
    async close() {
      await ui.close();
      await api.stop();
    },
  };
}
