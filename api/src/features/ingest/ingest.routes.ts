import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from '../../lib/openapi-schemas.js';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const Precision = z
  .enum(['ns', 'us', 'ms', 's', 'n', 'u'], { error: 'must be ns, us, ms or s' })
  .default('ns')
  .transform((value) => (value === 'n' ? 'ns' : value === 'u' ? 'us' : value));

/** The write's query: InfluxDB's, where only `precision` matters. */
export const WriteQuery = z.object({
  org: z.string().optional(),
  bucket: z.string().optional(),
  precision: Precision,
});

export const writeRoute = createRoute({
  method: 'post',
  path: '/api/v2/write',
  tags: ['nodes'],
  summary: 'InfluxDB v2 write API for nodes (line protocol)',
  description:
    "Authenticated with `Authorization: Token <device credential>`. `org` and `bucket` are accepted and ignored; every point is stored under the credential's own device.",
  security: [{ deviceToken: [] }],
  // The device credential is checked for all of /api/v2/* in createApp, before the body is
  // read; the body's size is bounded as it is read (write-body.ts).
  request: {
    query: WriteQuery,
    body: {
      content: {
        'text/plain': {
          schema: z
            .string()
            .openapi({ example: 'gpu,gpu=0 temperature_c=61.5 1732540000000000000' }),
        },
      },
    },
  },
  responses: {
    204: { description: 'Written.' },
    400: errorResponses[400],
    401: errorResponses[401],
    413: errorResponses[413],
    415: { description: 'A Content-Encoding other than gzip.' },
    503: { description: 'Metrics storage unavailable; retry after Retry-After.' },
  },
});
