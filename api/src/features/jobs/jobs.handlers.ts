import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { lamportsSchema } from '../../lib/lamports.js';
import {
  errorResponses,
  IdParams,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { decodeCursor, newestFirstPage, PageQuery, type Keyset } from '../../lib/paging.js';
import { createRouter } from '../../lib/router.js';
import { labelSchema } from '../../lib/validation.js';
import { requireUser } from '../auth/auth.middleware.js';
import { findDevice } from '../devices/devices.queries.js';
import { jobColumns, toJob, upsertJob, type JobRow } from './jobs.service.js';

const JobSchema = z
  .object({
    id: z.string(),
    externalId: z.string(),
    deviceId: z.string(),
    status: z.enum(['assigned', 'running', 'completed', 'failed', 'cancelled']),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    earningsLamports: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Job');

const instant = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 time like 2026-01-31T12:00:00Z' })
  .transform((value) => new Date(value));

const JobReportSchema = z.object({
  externalId: labelSchema(128),
  deviceId: z.uuid({ error: 'must be a device id' }),
  status: z.enum(['assigned', 'running', 'completed', 'failed', 'cancelled'], {
    error: 'must be assigned, running, completed, failed or cancelled',
  }),
  startedAt: instant,
  endedAt: instant.optional(),
  earningsLamports: lamportsSchema.optional(),
});

const JobPage = z.object({ jobs: z.array(JobSchema), nextCursor: z.string().nullable() });

const reportRoute = createRoute({
  tags: ['jobs'],
  method: 'post',
  path: '/v1/jobs',
  summary: 'The orchestrator reports a job (upsert by externalId; idempotent)',
  description:
    'Bearer `SERVICE_TOKEN`. A terminal status is final; earnings credit the device owner exactly once; a different amount for a credited job is 409 (corrections are adjustment entries).',
  security: [{ serviceToken: [] }],
  request: { body: jsonRequestBody(JobReportSchema) },
  responses: {
    200: jsonContent(JobSchema, 'Updated (or unchanged).'),
    201: jsonContent(JobSchema, 'Created.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    409: errorResponses[409],
  },
});

const userRoute = { tags: ['jobs'], security: sessionSecurity, middleware: [requireUser] };

const listRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/jobs',
  summary: "The account's jobs, newest first",
  request: { query: PageQuery },
  responses: {
    200: jsonContent(JobPage, 'A page.'),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const listForDeviceRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/devices/{id}/jobs',
  summary: "One device's jobs, newest first",
  request: { params: IdParams, query: PageQuery },
  responses: {
    200: jsonContent(JobPage, 'A page.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

async function listJobs(
  db: Executor,
  filter: { accountId: string; deviceId?: string },
  page: { limit: number; after: Keyset | undefined },
) {
  let query = db
    .selectFrom('jobs')
    .select([...jobColumns, sql<string>`created_at::text`.as('created_at_text')])
    .where('account_id', '=', filter.accountId);
  if (filter.deviceId) query = query.where('device_id', '=', filter.deviceId);
  const result = await newestFirstPage(query, page);
  return { jobs: result.items.map((row) => toJob(row as JobRow)), nextCursor: result.nextCursor };
}

export const jobRoutes = createRouter()
  .openapi(reportRoute, async (c) => {
    const { job, created } = await upsertJob(c.var.deps, c.req.valid('json'));
    return created ? c.json(toJob(job), 201) : c.json(toJob(job), 200);
  })
  .openapi(listRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = { limit, after: decodeCursor(cursor) };
    return c.json(await listJobs(c.var.deps.db, { accountId: c.var.user.accountId }, page), 200);
  })
  .openapi(listForDeviceRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    if (!(await findDevice(db, accountId, id))) throw ApiError.notFound('Device');
    const page = { limit, after: decodeCursor(cursor) };
    return c.json(await listJobs(db, { accountId, deviceId: id }, page), 200);
  });
