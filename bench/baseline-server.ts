// The baseline: a bare Hono app on @hono/node-server, nothing else in the request path. It
// listens on a port the system picks and announces its URL on stdout. With BODY_FILE it also
// serves that file's bytes as JSON at /devices (the API's device list, captured once).
//
// Its /api/v2/write reads the body and answers 204: what any write costs before a gateway's
// work. With FORWARD_INFLUX_URL (and FORWARD_INFLUX_DB) it first stores the body unread in
// that InfluxDB the way the API does (small writes sharing a POST): the floor of any gateway
// that stores what it receives, with no checks, state or accounting.
import { serve } from '@hono/node-server';
import { createInfluxClient, createSampleWrites, parseConfig } from '@ioworker/api';
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

const NEWLINE = Buffer.from('\n');

function forwarder() {
  const url = process.env.FORWARD_INFLUX_URL;
  if (!url) return undefined;
  const { influx } = parseConfig({ INFLUX_URL: url, INFLUX_DB: process.env.FORWARD_INFLUX_DB });
  return createSampleWrites(createInfluxClient({ ...influx, url }));
}

const forward = forwarder();
const app = new Hono()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .post('/api/v2/write', async (c) => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    await forward?.write(Buffer.concat([body, NEWLINE]), 'ms');
    return c.body(null, 204);
  });
const bodyFile = process.env.BODY_FILE;
if (bodyFile) {
  const body = readFileSync(bodyFile);
  app.get('/devices', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
}
// Idle connections are kept as long as the API keeps them, so the floors pay for as many
// connections as the API does.
const serverOptions = { keepAliveTimeout: parseConfig({}).keepAliveMs };
const server = serve(
  { fetch: app.fetch, hostname: '127.0.0.1', port: 0, serverOptions },
  (info: AddressInfo) => {
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`);
  },
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
