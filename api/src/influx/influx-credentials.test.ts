import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger.js';
import { createDevice, enroll, registerUser, request } from '../test/http.js';
import { startTestApi, type TestApi } from '../test/test-api.js';

const SECRET = 's3cret-influx-pass';

let api: TestApi | undefined;
afterAll(() => api?.close());

describe('credentials in INFLUX_URL', () => {
  it('are never logged, also when InfluxDB is down and every write warns', async () => {
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    // Nothing listens on port 9 (discard): every InfluxDB request fails at once.
    api = await startTestApi({ INFLUX_URL: `http://reader:${SECRET}@127.0.0.1:9/` }, { logger });
    const user = await registerUser(api.url);
    const { enrollment } = await createDevice(api.url, user, 'influx-down-rig');
    const { credential } = (await enroll(api.url, enrollment.token)).body;
    const write = await fetch(`${api.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}`, 'content-type': 'text/plain' },
      body: `gpu,gpu=0 temperature_c=61 ${Date.now()}`,
    });
    expect(write.status).toBe(503);
    const ready = await request(api.url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    const log = lines.join('\n');
    expect(log).toContain('metrics storage unavailable');
    expect(log).not.toContain(SECRET);
  });
});
