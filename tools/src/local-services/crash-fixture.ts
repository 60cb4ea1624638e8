// Starts the services, reports where they are, then dies as a crashed test run would.
import { startLocalServices } from './index.js';

const services = await startLocalServices({ postgres: true, influx: true });
process.stdout.write(
  `${JSON.stringify({ postgresUrl: services.postgresUrl, influxUrl: services.influxUrl })}\n`,
);
process.kill(process.pid, 'SIGKILL');
