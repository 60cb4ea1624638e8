// The baseline: a bare Hono app on @hono/node-server, nothing else in the request path. It
// listens on a port the system picks and announces its URL on stdout.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

const app = new Hono().get('/healthz', (c) => c.json({ status: 'ok' }));
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
