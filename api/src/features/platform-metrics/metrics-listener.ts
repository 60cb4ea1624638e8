import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { registerJobMetrics, type JobMetricsDeps } from './job-metrics.js';
import { collectNodeMetrics, processRegistry } from './process-metrics.js';

export type MetricsListener = { url: string; stop(): Promise<void> };

export type MetricsListenerDeps = JobMetricsDeps & {
  /** Whether this process runs the background jobs now (jobs.leads in server.ts). */
  leads(): boolean;
};

/** This process's metrics: what it counts, node's own, and (worker, all) the jobs' state. */
function platformRegistry(deps: MetricsListenerDeps): Registry {
  collectNodeMetrics();
  const registry = new Registry();
  const { role } = deps.config;
  new Gauge({
    name: 'ioworker_worker_leader',
    help: 'Whether this process runs the background jobs now (1) or not (0), by ROLE.',
    labelNames: ['role'] as const,
    registers: [registry],
    collect() {
      this.set({ role }, deps.leads() ? 1 : 0);
    },
  });
  if (role !== 'api') registerJobMetrics(registry, deps);
  return Registry.merge([processRegistry, registry]);
}

async function answer(registry: Registry, request: IncomingMessage, response: ServerResponse) {
  const path = (request.url ?? '').split('?')[0];
  if (path !== '/metrics') {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: GET /metrics\n');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const body = await registry.metrics();
  response.writeHead(200, {
    'Content-Type': registry.contentType,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/**
 * Serves `GET /metrics` (Prometheus text) on METRICS_PORT, apart from the app: the public port
 * never exposes it, and a scrape is not an app request (no auth, no request log). Undefined when
 * METRICS_PORT is off.
 */
export async function startMetricsListener(
  deps: MetricsListenerDeps,
): Promise<MetricsListener | undefined> {
  const { metricsPort, host } = deps.config;
  if (metricsPort === undefined) return undefined;
  const registry = platformRegistry(deps);
  const server = createServer((request, response) => {
    answer(registry, request, response).catch((error: Error) => {
      deps.logger.error({ err: error.message }, 'serving metrics failed');
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(metricsPort, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${port}/metrics`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
