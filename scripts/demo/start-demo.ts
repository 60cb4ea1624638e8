import { call, type DemoApi } from './demo-api.js';
import { demoAccount } from './demo-account.js';
import { startDemoNodes } from './demo-nodes.js';
import { startJobSimulator } from './job-simulator.js';

const FIRST_PAYOUT_AFTER_MS = 90_000;

type Job = { externalId: string; deviceId: string; status: string; startedAt: string };

/** Jobs a previous demo left running would keep their devices busy forever: they end now. */
async function cancelLeftoverJobs(account: DemoApi, serviceToken: string): Promise<void> {
  const { jobs } = await call<{ jobs: Job[] }>(account, 'GET', '/v1/jobs?limit=500');
  for (const job of jobs.filter(
    (item) => item.status === 'running' || item.status === 'assigned',
  )) {
    await call({ url: account.url, token: serviceToken }, 'POST', '/v1/jobs', {
      externalId: job.externalId,
      deviceId: job.deviceId,
      status: 'cancelled',
      startedAt: job.startedAt,
    });
  }
}

/**
 * The demo fleet against a running API: the demo account, two simulated nodes, the job
 * simulator, and a first payout once some jobs have completed. Resolves to its stop function.
 */
export async function startDemo(options: {
  apiUrl: string;
  serviceToken: string;
  adminToken: string;
  dataDir: string;
}): Promise<() => Promise<void>> {
  const account = await demoAccount(options.apiUrl, options.adminToken);
  const nodes = await startDemoNodes(account, options.dataDir);
  const deviceIds = nodes.devices.map((device) => device.id);
  await cancelLeftoverJobs(account, options.serviceToken);
  const stopJobs = startJobSimulator(options.apiUrl, options.serviceToken, deviceIds);
  const firstPayout = setTimeout(() => {
    void fetch(`${options.apiUrl}/v1/admin/payouts/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.adminToken}` },
    }).catch(() => undefined);
  }, FIRST_PAYOUT_AFTER_MS);
  return async () => {
    clearTimeout(firstPayout);
    stopJobs();
    await nodes.stop();
  };
}
