import { startInfluxd } from './influxd.js';
import { startPostgres } from './postgres.js';

export { MissingBinaryError, hasInfluxd } from './binaries.js';
export { startInfluxd, type RunningInfluxd } from './influxd.js';
export { startPostgres, type RunningPostgres } from './postgres.js';
export { startMailCatcher, type CaughtMail, type RunningMailCatcher } from './mail-catcher.js';

export type LocalServices = {
  postgresUrl?: string;
  influxUrl?: string;
  stop(): Promise<void>;
};

/**
 * Starts the real services that tests and `npm start` need, in temp dirs on loopback ports.
 * They stop on `stop()`, on process exit, and — through a watchdog — after a crash.
 */
export async function startLocalServices(wanted: {
  postgres?: boolean;
  influx?: boolean;
}): Promise<LocalServices> {
  const [postgres, influx] = await Promise.allSettled([
    wanted.postgres ? startPostgres() : undefined,
    wanted.influx ? startInfluxd() : undefined,
  ]);
  const started = [postgres, influx].flatMap((result) =>
    result.status === 'fulfilled' && result.value ? [result.value] : [],
  );
  const failed = [postgres, influx].find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((service) => service.stop()));
    throw failed.reason;
  }
  const stopAll = async () => {
    await Promise.all(started.map((service) => service.stop()));
  };
  return {
    postgresUrl: postgres.status === 'fulfilled' ? postgres.value?.url : undefined,
    influxUrl: influx.status === 'fulfilled' ? influx.value?.url : undefined,
    stop: stopAll,
  };
}
