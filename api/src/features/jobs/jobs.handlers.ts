import { ApiError } from '../../lib/api-error.js';
import { decodeCursor } from '../../lib/paging.js';
import { createRouter } from '../../router.js';
import { findDevice } from '../devices/devices.queries.js';
import { toJob } from './job.presenter.js';
import { listJobs } from './jobs.queries.js';
import { listDeviceJobsRoute, listJobsRoute, reportRoute } from './jobs.routes.js';
import { upsertJob } from './jobs.service.js';

function toJobPage(page: Awaited<ReturnType<typeof listJobs>>) {
  return { jobs: page.items.map(toJob), nextCursor: page.nextCursor };
}

export const jobRoutes = createRouter()
  .openapi(reportRoute, async (c) => {
    const { job, created } = await upsertJob(c.var.deps, c.req.valid('json'));
    return created ? c.json(toJob(job), 201) : c.json(toJob(job), 200);
  })
  .openapi(listJobsRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = { limit, after: decodeCursor(cursor) };
    const jobs = await listJobs(c.var.deps.db, { accountId: c.var.user.accountId }, page);
    return c.json(toJobPage(jobs), 200);
  })
  .openapi(listDeviceJobsRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    if (!(await findDevice(db, accountId, id))) throw ApiError.notFound('Device');
    const page = { limit, after: decodeCursor(cursor) };
    return c.json(toJobPage(await listJobs(db, { accountId, deviceId: id }, page)), 200);
  });
