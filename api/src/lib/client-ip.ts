import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The client's address. Behind a trusted proxy it is the last `X-Forwarded-For` hop:
 * the address the proxy itself saw (earlier entries are whatever the client sent).
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const lastHop = forwarded?.split(',').at(-1)?.trim();
    if (lastHop) return lastHop.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
