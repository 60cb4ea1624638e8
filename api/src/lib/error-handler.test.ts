import { waitFor } from '@ioworker/tools/test/stack';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser } from '../test/http.js';
import { startTestApi, type TestApi } from '../test/test-api.js';
import { capturingLogger } from '../test/capturing-logger.js';

type LogLine = {
  level: number;
  msg: string;
  path?: string;
  requestId?: string;
  status?: number;
  err?: unknown;
};
const INFO = 30;

let api: TestApi;
const { logger, lines } = capturingLogger<LogLine>();

beforeAll(async () => {
  api = await startTestApi({}, { logger });
});
afterAll(() => api.close());

/** Sends the head of a request and part of its body, then hangs up. */
async function abandonRequest(head: string, partialBody: string): Promise<void> {
  const socket = connect(api.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`${head}\r\nContent-Length: 100000\r\n\r\n${partialBody}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  socket.destroy();
}

describe('a request the client closed', () => {
  it('is logged at info level, without a stack, and never as an error', async () => {
    const user = await registerUser(api.url);
    const { enrollment } = await createDevice(api.url, user, 'hangs-up');
    const { credential } = (await enroll(api.url, enrollment.token)).body;
    lines.length = 0;
    await abandonRequest(
      [
        'POST /api/v2/write?precision=ms HTTP/1.1',
        'Host: localhost',
        `Authorization: Token ${credential}`,
        'Content-Type: text/plain',
      ].join('\r\n'),
      'gpu,gpu=0 temperature_c=6',
    );
    const request = await waitFor(
      'the request log line',
      async () => lines.find((line) => line.msg === 'request'),
      5000,
    );
    expect(request).toMatchObject({ level: INFO, status: 499 });
    const closed = lines.find((line) => line.msg === 'client closed the request');
    expect(closed).toMatchObject({ level: INFO, requestId: request.requestId });
    expect(JSON.stringify(closed)).not.toContain('stack');
    expect(lines.filter((line) => line.level > INFO)).toEqual([]);
  });
});

describe('a write whose client hung up before its body was read', () => {
  it('still ends (its credential was looked up meanwhile): none is left pending', async () => {
    const user = await registerUser(api.url);
    const body = `gpu,gpu=0 temperature_c=61 ${Date.now()}`;
    lines.length = 0;
    // Each a new device, so its credential is not cached and the lookup takes a query.
    const ways: Array<(socket: ReturnType<typeof connect>) => void> = [
      (socket) => socket.end(),
      (socket) => socket.destroy(),
    ];
    let sent = 0;
    const writesLogged = () =>
      lines.filter((line) => line.msg === 'request' && line.path === '/api/v2/write').length;
    for (const [index, hangUp] of [...ways, ...ways, ...ways].entries()) {
      const { enrollment } = await createDevice(api.url, user, `gone-${index}`);
      const { credential } = (await enroll(api.url, enrollment.token)).body;
      const socket = connect(api.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        [
          'POST /api/v2/write?precision=ms HTTP/1.1',
          'Host: localhost',
          `Authorization: Token ${credential}`,
          `Content-Length: ${body.length}`,
          '',
          body,
        ].join('\r\n'),
      );
      hangUp(socket);
      sent += 1;
    }
    await waitFor(
      'a request log line for every write',
      async () => writesLogged() >= sent || undefined,
      10_000,
    );
    expect(lines.filter((line) => line.level > INFO)).toEqual([]);
  });
});
