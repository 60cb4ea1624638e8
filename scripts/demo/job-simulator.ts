import { randomInt, randomUUID } from 'node:crypto';
import { call, type DemoApi } from './demo-api.js';

const EVERY_MS = 20_000;

/**
 * The orchestrator's part in the demo: each device gets a job that runs for one round and
 * completes with earnings (0.01–0.05 SOL), reported through the service API.
 */
export function startJobSimulator(apiUrl: string, serviceToken: string, deviceIds: string[]) {
  const api: DemoApi = { url: apiUrl, token: serviceToken };
  const running = new Map<string, { externalId: string; startedAt: string }>();
  const round = async () => {
    for (const deviceId of deviceIds) {
      const job = running.get(deviceId);
      if (job) {
        const earningsLamports = String(randomInt(10_000_000, 50_000_000));
        await call(api, 'POST', '/v1/jobs', {
          ...job,
          deviceId,
          status: 'completed',
          endedAt: new Date().toISOString(),
          earningsLamports,
        });
        running.delete(deviceId);
      } else {
        const next = { externalId: `demo-${randomUUID()}`, startedAt: new Date().toISOString() };
        await call(api, 'POST', '/v1/jobs', { ...next, deviceId, status: 'running' });
        running.set(deviceId, next);
      }
    }
  };
  const timer = setInterval(
    () => void round().catch((error: Error) => console.warn(`job simulator: ${error.message}`)),
    EVERY_MS,
  );
  void round().catch((error: Error) => console.warn(`job simulator: ${error.message}`));
  return () => clearInterval(timer);
}
