import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { errorResponses, sessionSecurity } from '../../lib/openapi-schemas.js';
import { createRouter } from '../../lib/router.js';
import { requireUser } from '../auth/auth.middleware.js';

const HEARTBEAT_MS = 15_000;

const eventsRoute = createRoute({
  tags: ['live'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/events',
  summary: 'Server-Sent Events for this account',
  description:
    'Events `device.status`, `device.sample`, `job`, `earning`, `notification` (data: JSON), a `ready` event on connect and a comment heartbeat every 15 s. Share one stream per browser tab.',
  responses: {
    200: {
      description: 'An event stream.',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    401: errorResponses[401],
  },
});

export const liveRoutes = createRouter().openapi(eventsRoute, (c) => {
  const { events, shutdown } = c.var.deps;
  const { accountId } = c.var.user;
  // Proxies such as nginx must not buffer the stream; nothing here compresses it.
  c.header('X-Accel-Buffering', 'no');
  c.header('Cache-Control', 'no-cache, no-transform');
  return streamSSE(c, async (stream) => {
    let id = 0;
    const unsubscribe = events.subscribe(accountId, (event) => {
      id += 1;
      void stream.writeSSE({ id: String(id), event: event.type, data: JSON.stringify(event.data) });
    });
    const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const done = new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      shutdown.addEventListener('abort', () => resolve(), { once: true });
    });
    try {
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ accountId }) });
      await done;
      if (shutdown.aborted && !stream.aborted) {
        await stream.writeSSE({ event: 'shutdown', data: '{}', retry: 1000 });
      }
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
    }
  });
});
