import { afterEach, describe, expect, it } from 'vitest';
import { capturingLogger } from '../../test/capturing-logger.js';
import { createDevice, enroll, registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

type LogLine = { level: number; msg: string };
const WARN = 40;
const ERROR = 50;

let api: TestApi | undefined;
afterEach(() => api?.close());

async function enrolledNode(env: Record<string, string>) {
  const { logger, lines } = capturingLogger<LogLine>();
  api = await startTestApi(env, { logger });
  const user = await registerUser(api.url);
  const created = await createDevice(api.url, user, 'no-metrics-rig');
  const { credential } = (await enroll(api.url, created.enrollment.token)).body;
  const write = (temperature: number) =>
    fetch(`${api!.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}`, 'content-type': 'text/plain' },
      body: `gpu,gpu=0 temperature_c=${temperature},power_w=250 ${Date.now()}\nhost uptime_s=10`,
    });
  return { user, deviceId: created.device.id, lines, write };
}

describe('the write gateway without metrics storage', () => {
  it('without INFLUX_URL: takes the writes, keeps status and latest readings, warns once at start-up', async () => {
    const node = await enrolledNode({ INFLUX_URL: '' });
    for (const temperature of [60, 61, 62, 63, 64]) {
      expect((await node.write(temperature)).status).toBe(204);
    }
    const device = await request(api!.url, 'GET', `/v1/devices/${node.deviceId}`, {
      bearer: node.user.token,
    });
    expect(device.body).toMatchObject({ status: 'online', temperature: 64, powerW: 250 });
    const warnings = node.lines.filter((line) => line.level >= WARN);
    expect(warnings.filter((line) => /INFLUX_URL/.test(line.msg))).toHaveLength(1);
    expect(node.lines.filter((line) => line.level >= ERROR)).toEqual([]);
  });

  it('without INFLUX_URL: the reads that need samples answer 503 metrics_unavailable', async () => {
    const node = await enrolledNode({ INFLUX_URL: '' });
    for (const read of ['metrics', 'health', 'services']) {
      const reply = await request(api!.url, 'GET', `/v1/devices/${node.deviceId}/${read}`, {
        bearer: node.user.token,
      });
      expect([read, reply.status, reply.body.error.code]).toEqual([
        read,
        503,
        'metrics_unavailable',
      ]);
    }
  });

  it('with InfluxDB down: 503 with Retry-After on every write, one warning, no error lines', async () => {
    const node = await enrolledNode({ INFLUX_URL: 'http://127.0.0.1:1' });
    for (const temperature of [60, 61, 62, 63, 64]) {
      const response = await node.write(temperature);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const outages = node.lines.filter((line) => line.msg === 'metrics storage unavailable');
    expect(outages).toHaveLength(1);
    expect(node.lines.filter((line) => line.level >= ERROR)).toEqual([]);
  });
});
