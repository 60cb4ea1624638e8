import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInfluxWriter, GZIP_FROM_BYTES } from './influx-writer.js';
import { classifyWriteFailure } from './write-errors.js';

type Received = { url: string; headers: http.IncomingHttpHeaders; body: string };

// The HTTP side of the writer, over a real socket: what goes on the wire, and how often a
// connection is opened. (The end-to-end test sends through the real API.)
let server: http.Server;
let url: string;
let received: Received[];
let connections: number;
let answer: { status: number; headers?: Record<string, string>; body?: string };

beforeEach(async () => {
  received = [];
  connections = 0;
  answer = { status: 204 };
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const gzipped = request.headers['content-encoding'] === 'gzip';
      const body = (gzipped ? gunzipSync(raw) : raw).toString('utf8');
      received.push({ url: request.url ?? '', headers: request.headers, body });
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
    });
  });
  server.on('connection', () => (connections += 1));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  server.close();
});

describe('influx writer', () => {
  it('posts line protocol with ms precision and the device token, over one kept-alive connection', async () => {
    const writer = createInfluxWriter({ url, token: 'iowd_secret' });
    await writer.write(['host uptime_s=1 1700000000000', 'host uptime_s=2 1700000001000']);
    await writer.write(['host uptime_s=3 1700000002000']);
    await writer.write(['host uptime_s=4 1700000003000']);
    expect(received).toHaveLength(3);
    expect(connections).toBe(1);
    const [first] = received;
    expect(first?.url).toBe('/api/v2/write?org=ioworker&bucket=ioworker&precision=ms');
    expect(first?.headers).toMatchObject({
      authorization: 'Token iowd_secret',
      'content-type': 'text/plain; charset=utf-8',
    });
    expect(first?.headers['content-encoding']).toBeUndefined();
    expect(first?.body).toBe('host uptime_s=1 1700000000000\nhost uptime_s=2 1700000001000\n');
  });

  it(`gzips a body of ${GZIP_FROM_BYTES} bytes or more`, async () => {
    const lines = Array.from(
      { length: 80 },
      (_, i) =>
        `gpu,gpu=${i % 8} temperature_c=${40 + i},power_w=${200 + i} ${1_700_000_000_000 + i}`,
    );
    expect(lines.join('\n').length).toBeGreaterThan(GZIP_FROM_BYTES);
    await createInfluxWriter({ url, token: 't' }).write(lines);
    expect(received[0]?.headers['content-encoding']).toBe('gzip');
    expect(Number(received[0]?.headers['content-length'])).toBeLessThan(GZIP_FROM_BYTES / 2);
    expect(received[0]?.body).toBe(`${lines.join('\n')}\n`);
  });

  it('throws a refusal with its status, body and Retry-After, as the shipper classifies it', async () => {
    answer = {
      status: 429,
      headers: { 'retry-after': '7', 'content-type': 'application/json' },
      body: '{"error":{"code":"rate_limited","message":"slow down"}}',
    };
    const error = await createInfluxWriter({ url, token: 't' })
      .write(['host uptime_s=1 1'])
      .catch((failure: unknown) => failure);
    expect(classifyWriteFailure(error)).toMatchObject({ kind: 'retry', retryAfterMs: 7_000 });
    answer = { status: 400, body: 'bad line' };
    const refused = await createInfluxWriter({ url, token: 't' })
      .write(['nonsense'])
      .catch((failure: unknown) => failure);
    expect(classifyWriteFailure(refused)).toMatchObject({
      kind: 'drop',
      reason: 'HTTP 400 bad line',
    });
  });

  it('opens a new connection when the server closed the kept-alive one, or asked to', async () => {
    const writer = createInfluxWriter({ url, token: 't' });
    await writer.write(['host uptime_s=1 1']);
    server.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await writer.write(['host uptime_s=2 2']);
    expect(connections).toBe(2);
    answer = { status: 204, headers: { connection: 'close' } };
    await writer.write(['host uptime_s=3 3']);
    await writer.write(['host uptime_s=4 4']);
    expect(connections).toBe(3);
    expect(received.map(({ body }) => body)).toEqual(
      [1, 2, 3, 4].map((n) => `host uptime_s=${n} ${n}\n`),
    );
  });

  it('sends again on a new connection when a kept-alive one is dropped before any answer', async () => {
    let dropped = false;
    server.removeAllListeners('request');
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      if (connections === 1 && received.length === 1 && !dropped) {
        dropped = true;
        request.socket.destroy();
        return;
      }
      request.resume();
      request.on('end', () => {
        received.push({ url: request.url ?? '', headers: request.headers, body: '' });
        response.writeHead(204).end();
      });
    });
    const writer = createInfluxWriter({ url, token: 't' });
    await writer.write(['host uptime_s=1 1']);
    await writer.write(['host uptime_s=2 2']);
    expect(dropped).toBe(true);
    expect(received).toHaveLength(2);
    expect(connections).toBe(2);
  });

  it('reads a refusal whose body comes in chunks', async () => {
    server.removeAllListeners('request');
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(503, { 'retry-after': '2' });
        response.write('try ');
        setTimeout(() => response.end('later'), 20);
      });
    });
    const error = await createInfluxWriter({ url, token: 't' })
      .write(['host uptime_s=1 1'])
      .catch((failure: unknown) => failure);
    expect(classifyWriteFailure(error)).toEqual({
      kind: 'retry',
      reason: 'HTTP 503 try later',
      retryAfterMs: 2_000,
    });
  });

  it('refuses to put a credential with a line break in a header', async () => {
    const error = await createInfluxWriter({ url, token: 't\r\nX-Evil: 1' })
      .write(['host uptime_s=1 1'])
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(Error);
    expect(received).toHaveLength(0);
  });

  it('gives up on a silent server after its timeout', async () => {
    server.removeAllListeners('request');
    server.on('request', () => undefined); // never answers
    const started = Date.now();
    const error = await createInfluxWriter({ url, token: 't', timeoutMs: 300 })
      .write(['host uptime_s=1 1'])
      .catch((failure: unknown) => failure);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(classifyWriteFailure(error)).toMatchObject({ kind: 'retry' });
  });
});
