import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { createLogger } from '../lib/logger.js';
import { startApi } from '../server.js';
import { createDevice, PASSWORD, registerUser, request } from '../test/http.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'iow-pglite-test-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startEmbedded() {
  const config = parseConfig({
    PORT: '0',
    METRICS_PORT: 'off',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TRUST_PROXY: 'true',
  });
  return startApi(config, createLogger('silent'));
}

describe('embedded PostgreSQL (PGlite) when DATABASE_URL is unset', () => {
  it('runs the account and device flow, and keeps the data across a restart', async () => {
    const first = await startEmbedded();
    expect(first.databaseKind).toBe('pglite');
    const user = await registerUser(first.url);
    const device = await createDevice(first.url, user, 'survives');
    const sessions = await request(first.url, 'GET', '/v1/me/sessions', { bearer: user.token });
    expect(sessions.body.sessions).toHaveLength(1);
    expect((await request(first.url, 'GET', '/readyz')).body.database).toBe('ok');
    await first.stop();

    const second = await startEmbedded();
    try {
      expect((await request(second.url, 'GET', '/v1/me', { bearer: user.token })).status).toBe(200);
      const login = await request(second.url, 'POST', '/v1/auth/login', {
        body: { email: user.email, password: PASSWORD },
      });
      expect(login.status).toBe(200);
      const list = await request(second.url, 'GET', '/v1/devices', { bearer: login.body.token });
      expect(list.body.devices.map((item: { id: string }) => item.id)).toEqual([device.device.id]);
      // Day boundaries come from PostgreSQL's time zone database: PGlite must have it too.
      await request(second.url, 'PATCH', '/v1/me/settings', {
        bearer: login.body.token,
        body: { timezone: 'Asia/Kolkata' },
      });
      const uptime = await request(
        second.url,
        'GET',
        `/v1/devices/${device.device.id}/uptime?days=2`,
        {
          bearer: login.body.token,
        },
      );
      expect(uptime.status).toBe(200);
      expect(uptime.body.days).toHaveLength(2);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
