/**
 * Telemetry ingest: the gateway (`/api/v2/write`: auth, parse, schema, forward, device state)
 * against influxd's own `/write` with the same batches in the same run; then a simulated fleet
 * of 2,000 devices × 4 GPUs at 10 s intervals: write latency and the API's CPU.
 */
import {
  FLEET_GPUS,
  FLEET_INTERVAL_MS,
  gpuLine,
  POINTS_PER_WRITE,
  runFleet,
  seedFleet,
} from './fleet.js';
import {
  API_SERVER,
  cpuMs,
  percentile,
  registerBenchUser,
  round,
  startBenchStack,
  startNodeProcess,
  stopProcess,
} from './support.js';

const BATCHES = 20;
const LINES_PER_BATCH = 5000;
const FLEET_DEVICES = 2000;
const FLEET_SECONDS = Number(process.env.BENCH_FLEET_S ?? 60);
/** GPUs a device in the last phase: the 8-GPU servers (an H200 node) that many suppliers run. */
const BIG_NODE_GPUS = 8;

/**
 * Batches of 5,000 points spread over an hour ending `hoursAgo` hours ago (inside the gateway's
 * time window).
 */
function batches(hoursAgo: number): string[] {
  const start = Date.now() - (hoursAgo + 1) * 3_600_000;
  return Array.from({ length: BATCHES }, (_, batch) =>
    Array.from({ length: LINES_PER_BATCH }, (_, line) => {
      const index = batch * LINES_PER_BATCH + line;
      return gpuLine(0, index % 8, start + Math.floor(index / 8) * 10);
    }).join('\n'),
  );
}

/** Points/s writing every batch, `inFlight` requests at a time. */
async function timeWrites(
  url: string,
  headers: Record<string, string>,
  bodies: string[],
  inFlight: number,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  const sender = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const response = await fetch(url, { method: 'POST', headers, body });
      if (response.status !== 204) {
        throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
  return ((bodies.length * LINES_PER_BATCH) / (performance.now() - started)) * 1000;
}

/** One fleet run and the API's CPU over it, as a table row. */
async function measureFleet(
  label: string,
  apiUrl: string,
  pid: number,
  credentials: string[],
  seconds: number,
  gpus = FLEET_GPUS,
) {
  const cpuBefore = cpuMs(pid);
  const fleet = await runFleet(() => apiUrl, credentials, seconds, gpus);
  const cpuUsed = cpuMs(pid) - cpuBefore;
  return {
    phase: label,
    writes: fleet.writes,
    'writes/s': round(fleet.writes / fleet.seconds),
    'p50 ms': round(percentile(fleet.latencies, 50)),
    'p95 ms': round(percentile(fleet.latencies, 95)),
    'p99 ms (goal ≤ 50)': round(percentile(fleet.latencies, 99)),
    errors: fleet.errors,
    'CPU ms per write': round(cpuUsed / fleet.writes, 2),
    'API CPU % (goal ≤ 10)': round((cpuUsed / (fleet.seconds * 1000)) * 100),
  };
}

const stack = await startBenchStack({ INFLUX_DB: 'gateway' });
const { apiUrl, api, influxUrl } = stack;
try {
  await fetch(`${influxUrl}/query`, {
    method: 'POST',
    body: new URLSearchParams({ q: 'CREATE DATABASE direct; CREATE DATABASE floor' }),
  });
  const { user } = await registerBenchUser(apiUrl, 'ingest-bench@example.com');
  const credentials = await seedFleet(stack.postgresUrl, [user.id], FLEET_DEVICES);
  const bodies = batches(0);
  const floors: Awaited<ReturnType<typeof measureFleet>>[] = [];

  // The floors, in the same run: a bare route that only reads each write, and one that stores
  // it unread the way the API does (small writes sharing a POST): what any gateway that stores
  // what it receives costs, before checks, device state and accounting.
  const bare = await startNodeProcess('bench/baseline-server.ts', {});
  const storing = await startNodeProcess('bench/baseline-server.ts', {
    FORWARD_INFLUX_URL: influxUrl,
    FORWARD_INFLUX_DB: 'floor',
  });
  try {
    // Each side writes an earlier hour first, so that none is timed while it warms up (the
    // API's first batch also compiles its parser): the timed batches come after these.
    const warmUp = batches(1);
    await timeWrites(`${influxUrl}/write?db=direct&precision=ms`, {}, warmUp, 1);
    await timeWrites(`${storing.url}/api/v2/write`, {}, warmUp, 1);
    const gatewayHeaders = { authorization: `Token ${credentials[0]}` };
    await timeWrites(`${apiUrl}/api/v2/write?precision=ms`, gatewayHeaders, warmUp, 1);
    const rows = [];
    for (const inFlight of [1, 4]) {
      const direct = await timeWrites(
        `${influxUrl}/write?db=direct&precision=ms`,
        {},
        bodies,
        inFlight,
      );
      const floor = await timeWrites(`${storing.url}/api/v2/write`, {}, bodies, inFlight);
      const gateway = await timeWrites(
        `${apiUrl}/api/v2/write?precision=ms`,
        gatewayHeaders,
        bodies,
        inFlight,
      );
      rows.push({
        'requests in flight': inFlight,
        'influxd /write points/s': Math.round(direct),
        'bare storing route ÷ direct (the ceiling)': round(floor / direct, 2),
        'gateway points/s': Math.round(gateway),
        'gateway ÷ direct (goal ≥ 0.7 / 0.5)': round(gateway / direct, 2),
      });
    }
    console.log(
      `\nGateway vs influxd direct: the same ${BATCHES} batches of ${LINES_PER_BATCH} points`,
    );
    console.table(rows);

    // The fleet against the floors first, before the API has seen any of it.
    floors.push(
      await measureFleet(
        'bare route (reads the body, answers 204)',
        bare.url,
        bare.child.pid!,
        credentials,
        FLEET_SECONDS,
      ),
      await measureFleet(
        'bare route storing the body unread (shared POSTs)',
        storing.url,
        storing.child.pid!,
        credentials,
        FLEET_SECONDS,
      ),
    );
  } finally {
    await stopProcess(bare.child);
    await stopProcess(storing.child);
  }
  // The first interval meets every device for the first time (credential lookups, new series,
  // 2,000 devices coming online): it is measured apart from the steady state after it.
  const warmUp = await measureFleet('first contact', apiUrl, api.pid!, credentials, 10);
  const steady = await measureFleet(
    'steady, one process running everything (ROLE=all)',
    apiUrl,
    api.pid!,
    credentials,
    FLEET_SECONDS,
  );
  // What an API pod costs (deploy/): ingest without the background jobs, which the worker runs.
  const ingestOnly = await startNodeProcess(API_SERVER, {
    DATABASE_URL: stack.postgresUrl,
    INFLUX_URL: influxUrl,
    INFLUX_DB: 'gateway',
    LOG_LEVEL: 'warn',
    METRICS_PORT: '0',
    ROLE: 'api',
  });
  try {
    await runFleet(() => ingestOnly.url, credentials, 10);
    const pod = await measureFleet(
      'steady, an API instance (ROLE=api)',
      ingestOnly.url,
      ingestOnly.child.pid!,
      credentials,
      FLEET_SECONDS,
    );
    // The same nodes with 8 GPUs each: 16,000 GPU series, each prefix carrying its UUID, which
    // the instance must all remember to check lines in place (ingest/remembered-series.ts).
    await runFleet(() => ingestOnly.url, credentials, 10, BIG_NODE_GPUS);
    const bigNodes = await measureFleet(
      `steady, an API instance, ${BIG_NODE_GPUS} GPUs a device (ROLE=api)`,
      ingestOnly.url,
      ingestOnly.child.pid!,
      credentials,
      FLEET_SECONDS,
      BIG_NODE_GPUS,
    );
    console.log(
      `\nFleet: ${FLEET_DEVICES} devices × ${FLEET_GPUS} GPUs (${POINTS_PER_WRITE} points) every ${FLEET_INTERVAL_MS / 1000} s, each device on its own kept-alive connection: the first interval, then ${FLEET_SECONDS} s on the API that also runs the background jobs, then ${FLEET_SECONDS} s on an API instance that runs none, then ${FLEET_SECONDS} s of the same devices with ${BIG_NODE_GPUS} GPUs each on that instance (each after a 10 s warm-up)`,
    );
    console.table([...floors, warmUp, steady, pod, bigNodes]);
  } finally {
    await stopProcess(ingestOnly.child);
  }
} finally {
  await stack.stop();
}
