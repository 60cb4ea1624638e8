import type { Context } from 'hono';

/**
 * Puts a new response in place of the current one. Assigning `c.res` over an existing response
 * would copy the old headers back over the new ones and turn its body into a stream, which
 * leaves @hono/node-server's fast path for bodies held in memory.
 */
export function replaceResponse(
  c: Context,
  body: Uint8Array<ArrayBuffer> | null,
  init: { status: number; headers: Headers },
): void {
  c.res = undefined;
  c.res = new Response(body, init);
}

/** The current response's body, read once; the response is put back with the same bytes. */
export async function responseBytes(c: Context): Promise<Uint8Array<ArrayBuffer>> {
  const { status, headers } = c.res;
  const body = new Uint8Array(await c.res.arrayBuffer());
  replaceResponse(c, body, { status, headers });
  return body;
}
