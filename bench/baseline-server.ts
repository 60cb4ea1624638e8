// The baseline: a bare Hono app on @hono/node-server, nothing else in the request path.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/healthz', (c) => c.json({ status: 'ok' }));
const server = serve(
  { fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) },
  () => {
    process.stdout.write('ready\n');
  },
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
