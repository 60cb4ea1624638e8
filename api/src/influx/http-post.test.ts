import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { postBody } from './http-post.js';
import { createInfluxClient, MetricsUnavailableError } from './influx-client.js';

/*
 * An InfluxDB that misbehaves in the ways a real one can (hangs, trickles, cuts its answer
 * short): a local server, since a real influxd cannot be made to.
 */
const servers: Server[] = [];
const held: ServerResponse[] = [];

async function misbehaving(answer: (response: ServerResponse) => void): Promise<URL> {
  const server = createServer((request, response) => {
    request.resume();
    held.push(response);
    answer(response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/write`);
}

afterEach(async () => {
  for (const response of held.splice(0)) response.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

const LIMITS = { timeoutMs: 300, maxAnswerBytes: 1024 };

describe('POSTs to InfluxDB', () => {
  it('give up on a server that never answers within the deadline, queued ones too', async () => {
    const url = await misbehaving(() => {});
    const started = performance.now();
    // Over twice the pool's 32 sockets: the rest wait for one, and their deadline runs too (a
    // timeout counted from getting a socket would end them in waves, 0.3 s apart).
    const outcomes = await Promise.allSettled(
      Array.from({ length: 70 }, () => postBody(url, {}, 'gpu x=1', LIMITS)),
    );
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(performance.now() - started).toBeLessThan(800);
  });

  it('give up on an answer that trickles in past the deadline', async () => {
    const url = await misbehaving((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => response.write(' '), 50);
      response.on('close', () => clearInterval(drip));
    });
    await expect(postBody(url, {}, 'q', LIMITS)).rejects.toThrow('no answer within 0.3 s');
  });

  it('refuse an answer longer than the limit', async () => {
    const url = await misbehaving((response) => response.end('x'.repeat(4096)));
    await expect(postBody(url, {}, 'q', LIMITS)).rejects.toThrow('longer than 1024 bytes');
  });

  it('treat a query answer cut short as InfluxDB failing, not as no data', async () => {
    const url = await misbehaving((response) => {
      response.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
      response.end('{"results":[{"statement_id":0,"series":[{"name":"gpu","col');
    });
    const { influx } = parseConfig({ INFLUX_URL: url.origin, INFLUX_DB: 'cut' });
    const client = createInfluxClient({ ...influx, url: url.origin });
    await expect(client.query('SELECT * FROM gpu')).rejects.toBeInstanceOf(MetricsUnavailableError);
  });
});
