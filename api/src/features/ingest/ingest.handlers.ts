import { createRouter } from '../../router.js';
import { acceptWrite } from './accept-write.js';
import { writeRoute } from './ingest.routes.js';
import { readWriteBody } from './write-body.js';

/**
 * The write route as the app knows it: for the OpenAPI document, in-process requests and
 * browsers (CORS). A node's write over the network takes the shorter way of write-listener.ts.
 */
export const ingestRoutes = createRouter().openapi(writeRoute, async (c) => {
  const { precision } = c.req.valid('query');
  const incoming = c.env?.incoming;
  const source = incoming ? { incoming } : { request: c.req.raw };
  const body = await readWriteBody(source, c.req.header('content-encoding'));
  await acceptWrite(c.var.deps, c.var.device, precision, body);
  return c.body(null, 204);
});
