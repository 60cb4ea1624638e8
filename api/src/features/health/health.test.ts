import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('health', () => {
  it('/healthz answers ok', async () => {
    const reply = await request(api.url, 'GET', '/healthz');
    expect(reply).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(reply.headers.get('x-request-id')).toMatch(/.+/);
  });

  it('/readyz reports the database and the real influxd', async () => {
    const reply = await request(api.url, 'GET', '/readyz');
    expect(reply).toMatchObject({
      status: 200,
      body: { status: 'ok', database: 'ok', influx: 'ok' },
    });
  });

  it('/readyz says not_configured without INFLUX_URL, and 503 when influx is down', async () => {
    const unconfigured = await startTestApi({ INFLUX_URL: '' });
    const down = await startTestApi({ INFLUX_URL: 'http://127.0.0.1:1' });
    try {
      expect((await request(unconfigured.url, 'GET', '/readyz')).body).toEqual({
        status: 'ok',
        database: 'ok',
        influx: 'not_configured',
        treasury: 'not_configured',
      });
      expect(await request(down.url, 'GET', '/readyz')).toMatchObject({
        status: 503,
        body: { status: 'degraded', database: 'ok', influx: 'down' },
      });
    } finally {
      await Promise.all([unconfigured.close(), down.close()]);
    }
  });
});

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document generated from every route', async () => {
    const reply = await request(api.url, 'GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    const operations = Object.entries(
      reply.body.paths as Record<string, Record<string, unknown>>,
    ).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /healthz',
        'GET /readyz',
        'POST /v1/auth/register',
        'POST /v1/auth/login',
        'POST /v1/auth/logout',
        'GET /v1/me',
        'PATCH /v1/me/settings',
        'POST /v1/me/password',
        'GET /v1/me/sessions',
        'DELETE /v1/me/sessions/{id}',
        'GET /v1/devices',
        'POST /v1/devices',
        'GET /v1/devices/{id}',
        'PATCH /v1/devices/{id}',
        'DELETE /v1/devices/{id}',
        'POST /v1/devices/{id}/enrollment',
        'POST /v1/enroll',
        'GET /v1/devices/{id}/metrics',
        'GET /v1/devices/{id}/uptime',
        'GET /v1/devices/{id}/notifications',
        'GET /v1/notifications',
        'GET /v1/notification-channels',
        'POST /v1/notification-channels',
        'PATCH /v1/notification-channels/{id}',
        'DELETE /v1/notification-channels/{id}',
        'POST /v1/notification-channels/{id}/verify',
        'POST /v1/notification-channels/{id}/test',
        'POST /v1/telegram/webhook',
        'GET /v1/notification-rules',
        'PUT /v1/notification-rules',
        'GET /v1/devices/{id}/notification-rules',
        'PUT /v1/devices/{id}/notification-rules',
        'POST /v1/devices/{id}/mute',
        'DELETE /v1/devices/{id}/mute',
        'GET /v1/overview',
        'GET /v1/events',
        'POST /api/v2/write',
        'GET /install.sh',
        'GET /install.ps1',
        'GET /downloads/io-worker-collector.mjs',
        'GET /downloads/io-worker-collector.mjs.sha256',
        'POST /v1/jobs',
        'GET /v1/jobs',
        'GET /v1/devices/{id}/jobs',
        'GET /v1/earnings/summary',
        'GET /v1/earnings/history',
        'GET /v1/earnings/history.csv',
        'GET /v1/wallet',
        'PUT /v1/wallet',
        'GET /v1/payouts',
        'POST /v1/admin/payouts/run',
        'GET /v1/devices/{id}/profitability',
        'POST /v1/profitability/estimate',
        'POST /v1/alerts/grafana',
      ].sort(),
    );
    expect(reply.body.components.schemas.Device.properties.status.enum).toEqual([
      'pending',
      'online',
      'offline',
    ]);
    expect(reply.body.components.securitySchemes.sessionCookie).toMatchObject({
      in: 'cookie',
      name: 'iow_session',
    });
  });
});
