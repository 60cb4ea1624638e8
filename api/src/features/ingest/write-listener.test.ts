import { request, type IncomingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger } from '../../test/capturing-logger.js';
import { enrolledDevice, registerUser } from '../../test/http.js';
import { startTestApi, TEST_ORIGIN, type TestApi } from '../../test/test-api.js';

type LogLine = {
  msg: string;
  path?: string;
  status?: number;
  deviceId?: string;
  requestId?: string;
};

let api: TestApi;
let lines: LogLine[];
let deviceId: string;
let credential: string;

beforeAll(async () => {
  const capture = capturingLogger<LogLine>();
  lines = capture.lines;
  api = await startTestApi({}, { logger: capture.logger });
  const user = await registerUser(api.url);
  ({ id: deviceId, credential } = await enrolledDevice(api.url, user, 'listener-rig'));
});
afterAll(() => api.close());

type Case = {
  name: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
};

const now = () => Date.now();
const line = () => `host uptime_s=7i ${now()}`;

/** Requests whose answers must not depend on which way they are served. */
const cases: Case[] = [
  { name: 'a good write', body: line() },
  { name: 'a gzipped write', headers: { 'content-encoding': 'gzip' }, body: gzipSync(line()) },
  { name: 'no credential', headers: { authorization: '' }, body: line() },
  { name: 'a wrong credential', headers: { authorization: 'Token iowd_nope' }, body: line() },
  { name: 'a bad precision', query: 'precision=h', body: line() },
  { name: 'precision given twice', query: 'precision=ms&precision=s', body: line() },
  { name: 'a bad line', body: 'gpu,gpu=0 temperature_c=hot' },
  { name: 'an unknown encoding', headers: { 'content-encoding': 'br' }, body: line() },
  { name: 'a body that is not gzip', headers: { 'content-encoding': 'gzip' }, body: line() },
  { name: 'a body over 5 MB', body: 'x'.repeat(5 * 1024 * 1024 + 1) },
  { name: 'a timestamp from next week', body: `host uptime_s=1i ${now() + 7 * 86_400_000}` },
];

async function send(served: 'by the listener' | 'by the app', { query, headers, body }: Case) {
  const response = await fetch(`${api.url}/api/v2/write?${query ?? 'precision=ms'}`, {
    method: 'POST',
    headers: {
      authorization: `Token ${credential}`,
      'content-type': 'text/plain',
      'x-request-id': 'parity-1',
      // Only a browser sends Origin: its writes go through the app, for CORS.
      ...(served === 'by the app' ? { origin: TEST_ORIGIN } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : body && Buffer.from(body),
  });
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get('content-type')?.split(';')[0] ?? null,
    requestId: response.headers.get('x-request-id'),
    retryAfter: response.headers.get('retry-after'),
  };
}

describe('a node’s write, served beside the app (write-listener.ts)', () => {
  it.each(cases)('answers $name exactly as the app route does', async (request) => {
    const fromListener = await send('by the listener', request);
    const fromApp = await send('by the app', request);
    expect(fromListener).toEqual(fromApp);
    expect(fromListener.requestId).toBe('parity-1');
  });

  it('logs one request line per write, naming the device and the status', async () => {
    lines.length = 0;
    const ok = await send('by the listener', { name: 'ok', body: line() });
    const refused = await send('by the listener', { name: 'bad', body: 'gpu temperature_c=x' });
    expect([ok.status, refused.status]).toEqual([204, 400]);
    const requests = lines.filter(({ msg }) => msg === 'request');
    expect(requests.map(({ path, status, deviceId: id }) => ({ path, status, id }))).toEqual([
      { path: '/api/v2/write', status: 204, id: deviceId },
      { path: '/api/v2/write', status: 400, id: deviceId },
    ]);
  });

  it('gives a new request id for a hostile one, and closes a refused connection unread', async () => {
    const response = await fetch(`${api.url}/api/v2/write`, {
      method: 'POST',
      headers: { 'x-request-id': 'a b\u00e9'.repeat(30) },
      body: line(),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('connection')).toBe('close');
  });

  it('leaves other methods and paths to the app', async () => {
    const authorization = `Token ${credential}`;
    const get = await fetch(`${api.url}/api/v2/write`, { headers: { authorization } });
    expect(get.status).toBe(404);
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('keeps a node’s connection open between sends, longer than the 10 s a collector sends at', async () => {
    const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
      const outgoing = request(`${api.url}/api/v2/write?precision=ms`, {
        method: 'POST',
        headers: { authorization: `Token ${credential}`, connection: 'keep-alive' },
      });
      outgoing.on('response', (response) => {
        response.resume();
        resolve(response.headers);
      });
      outgoing.on('error', reject);
      outgoing.end(line());
    });
    expect(headers.connection).toBe('keep-alive');
    expect(headers['keep-alive']).toBe('timeout=65');
  });
});
