import { streamSSE } from 'hono/streaming';
import { createRouter } from '../../router.js';
import { eventsRoute } from './live.routes.js';

const HEARTBEAT_MS = 15_000;

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
