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
      reply.body.paths as Record<string, Record<string, { summary?: string; tags?: string[] }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        operation,
      })),
    );
    // Which routes exist, and who may call each, is src/test/route-access-table.ts.
    expect(operations.length).toBeGreaterThan(50);
    for (const { route, operation } of operations) {
      expect(operation.summary, route).toEqual(expect.any(String));
      expect(operation.tags?.length, route).toBeGreaterThan(0);
    }
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
