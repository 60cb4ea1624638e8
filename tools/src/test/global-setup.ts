import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startLocalServices } from '../local-services/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    influxUrl: string;
  }
}

/** One real PostgreSQL and one real influxd for the whole run; each test file takes its own database. */
export default async function setup(project: TestProject) {
  const services = await startLocalServices({ postgres: true, influx: true });
  project.provide('postgresUrl', services.postgresUrl ?? '');
  project.provide('influxUrl', services.influxUrl ?? '');
  return () => services.stop();
}
