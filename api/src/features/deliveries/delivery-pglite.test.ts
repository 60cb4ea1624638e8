import { generateKeyPair, getAddressFromPublicKey } from '@solana/kit';
import { waitFor } from '@ioworker/tools/test/stack';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { capturingLogger } from '../../test/capturing-logger.js';
import { startApi, type RunningApi } from '../../server.js';
import { createDevice, enroll, PASSWORD, registerUser, request } from '../../test/http.js';
import { startReceiver, type Receiver } from '../channels/senders/test/receiver.js';

// The alert path on embedded PostgreSQL (PGlite): the outbox claimed with SKIP LOCKED, alerts
// from ingest and from security events, and the evaluator's queries every 100 ms.
type LogLine = { level: number; msg: string };
const WARN = 40;

const dataDir = mkdtempSync(path.join(tmpdir(), 'iow-pglite-alerts-'));
const { logger, lines } = capturingLogger<LogLine>();
let api: RunningApi;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  const config = parseConfig({
    PORT: '0',
    METRICS_PORT: 'off',
    DATA_DIR: dataDir,
    INFLUX_URL: '',
    LOG_LEVEL: 'info',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    ALERT_EVALUATION_MS: '100',
    DELIVERY_POLL_MS: '50',
    DELIVERY_GROUP_MS: '50',
  });
  api = await startApi(config, logger);
});
afterAll(async () => {
  await api.stop();
  await receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const deliveredEvents = () =>
  receiver.requests
    .filter((recorded) => recorded.path === '/pglite')
    .map((recorded) => (JSON.parse(recorded.body) as { event: string }).event);

describe('alerts on embedded PostgreSQL (PGlite)', () => {
  it('delivers alerts from ingest and security events, and evaluates rules without errors', async () => {
    expect(api.databaseKind).toBe('pglite');
    // From here on (after the start-up notices: no INFLUX_URL, no treasury).
    const fromStart = lines.length;
    const user = await registerUser(api.url);
    await request(api.url, 'POST', '/v1/notification-channels', {
      bearer: user.token,
      body: { kind: 'webhook', target: `${receiver.url}/pglite` },
    });
    const created = await createDevice(api.url, user, 'embedded-rig');
    const { credential } = (await enroll(api.url, created.enrollment.token)).body;
    const write = (fields: string) =>
      fetch(`${api.url}/api/v2/write?precision=ms`, {
        method: 'POST',
        headers: { authorization: `Token ${credential}` },
        body: `gpu,gpu=0 ${fields} ${Date.now()}`,
      });
    // Hot and idle: the evaluator starts watching both (pending episodes are written).
    expect((await write('temperature_c=99,utilization_pct=1,xid_errors=0i')).status).toBe(204);
    expect((await write('temperature_c=99,utilization_pct=1,xid_errors=3i')).status).toBe(204);
    const address = await getAddressFromPublicKey((await generateKeyPair()).publicKey);
    const wallet = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address, password: PASSWORD },
    });
    expect(wallet.status).toBe(200);
    await waitFor(
      'the Xid and wallet alerts',
      async () => {
        const events = deliveredEvents();
        return events.includes('gpu.xid') && events.includes('wallet.changed') ? true : undefined;
      },
      15_000,
    );
    // Some evaluation rounds over the device, its pending episodes and rules.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const warnings = lines.slice(fromStart).filter((line) => line.level >= WARN);
    expect(warnings.map((line) => line.msg)).toEqual([]);
  }, 60_000);
});
