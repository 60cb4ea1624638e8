import { createRoute, z } from '@hono/zod-openapi';
import { JOB_STATUSES } from '@ioworker/contract';
import { lamportsSchema } from '../../lib/lamports.js';
import {
  errorResponses,
  IdParams,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { PageQuery } from '../../lib/paging.js';
import { instantSchema, labelSchema } from '../../lib/validation.js';
import { requireUser } from '../auth/auth.middleware.js';

const JobSchema = z
  .object({
    id: z.string(),
    externalId: z.string(),
    deviceId: z.string(),
    status: z.enum(JOB_STATUSES),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    earningsLamports: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Job');

const JobReportSchema = z.object({
  externalId: labelSchema(128),
  deviceId: z.uuid({ error: 'must be a device id' }),
  status: z.enum(JOB_STATUSES, {
    error: 'must be assigned, running, completed, failed or cancelled',
  }),
  startedAt: instantSchema,
  endedAt: instantSchema.optional(),
  earningsLamports: lamportsSchema.optional(),
});

const JobPage = z.object({ jobs: z.array(JobSchema), nextCursor: z.string().nullable() });

export const reportRoute = createRoute({
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

export const listJobsRoute = createRoute({
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

export const listDeviceJobsRoute = createRoute({
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
