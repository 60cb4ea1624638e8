import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from '../test/http.js';
import { startTestApi, type TestApi } from '../test/test-api.js';

let api: TestApi;
let user: TestUser;
beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url);
  // Eight new devices make a list of about 1.5 KB: over the 1 KB below which nothing is compressed.
  for (let n = 1; n <= 8; n += 1) await createDevice(api.url, user, `rig-${n}`);
});
afterAll(() => api.close());

type Raw = { status: number; headers: IncomingHttpHeaders; body: Buffer };

/** node:http, unlike fetch, hands over the bytes as sent: no decoding, no Accept-Encoding. */
function rawGet(path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const sent = get(
      `${api.url}${path}`,
      { headers: { authorization: `Bearer ${user.token}`, ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    sent.on('error', reject);
  });
}

function decoded(reply: Raw): unknown {
  const coding = reply.headers['content-encoding'];
  const bytes =
    coding === 'br'
      ? brotliDecompressSync(reply.body)
      : coding === 'gzip'
        ? gunzipSync(reply.body)
        : reply.body;
  return JSON.parse(bytes.toString('utf8'));
}

describe('compressed JSON', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['identity', undefined],
    [undefined, undefined],
  ])('negotiates the device list for Accept-Encoding %j: %j', async (accepted, coding) => {
    const plain = await rawGet('/v1/devices', {});
    const reply = await rawGet('/v1/devices', accepted ? { 'accept-encoding': accepted } : {});
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe(coding);
    expect(reply.headers.vary).toMatch(/accept-encoding/i);
    expect(reply.headers.etag).toBe(plain.headers.etag);
    if (coding) expect(reply.body.byteLength).toBeLessThan(plain.body.byteLength);
    expect(decoded(reply)).toEqual(decoded(plain));
  });

  it('compresses JSON a handler built, and answers a 304 with the same Vary', async () => {
    const { device, enrollment } = await createDevice(api.url, user, 'many-gpus');
    const gpus = Array.from({ length: 32 }, (_, index) => ({
      index,
      uuid: `GPU-${index}`,
      model: 'NVIDIA H100 80GB HBM3',
      memoryTotalMiB: 81559,
    }));
    const enrolled = await request(api.url, 'POST', '/v1/enroll', {
      body: { token: enrollment.token, hostname: 'node', os: 'Ubuntu 24.04 LTS', gpus },
    });
    expect(enrolled.status).toBe(201);
    const path = `/v1/devices/${device.id}`;
    const plain = await rawGet(path, {});
    const reply = await rawGet(path, { 'accept-encoding': 'gzip' });
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.headers['content-length']).toBe(String(reply.body.byteLength));
    expect(decoded(reply)).toEqual(decoded(plain));

    const list = await rawGet('/v1/devices', { 'accept-encoding': 'br' });
    const unchanged = await rawGet('/v1/devices', {
      'accept-encoding': 'br',
      'if-none-match': list.headers.etag!,
    });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers['content-encoding']).toBeUndefined();
    expect(unchanged.headers.vary).toMatch(/accept-encoding/i);
  });

  it('leaves small JSON alone', async () => {
    const reply = await rawGet('/v1/me', { 'accept-encoding': 'br, gzip' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBeUndefined();
    expect(reply.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(reply.body.toString('utf8'))).toMatchObject({ email: user.email });
  });

  it('never compresses the event stream', async () => {
    const controller = new AbortController();
    const first = await new Promise<{ headers: IncomingHttpHeaders; text: string }>(
      (resolve, reject) => {
        const sent = get(
          `${api.url}/v1/events`,
          {
            headers: { authorization: `Bearer ${user.token}`, 'accept-encoding': 'br, gzip' },
            signal: controller.signal,
          },
          (response) => {
            response.once('data', (chunk: Buffer) =>
              resolve({ headers: response.headers, text: chunk.toString('utf8') }),
            );
          },
        );
        sent.on('error', (error) => controller.signal.aborted || reject(error));
      },
    );
    controller.abort();
    expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.text).toContain('event: ready');
  });
});
