// A simulated fleet for the benchmarks: devices seeded straight into PostgreSQL, each writing
// what a collector writes (GPU, host and service lines) once per interval, spread evenly.
import { createHash } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

export const FLEET_GPUS = 4;
export const FLEET_INTERVAL_MS = 10_000;
/** Points in one device's write: a line per GPU, the host, two services. */
export const POINTS_PER_WRITE = FLEET_GPUS + 3;

export function gpuLine(device: number, gpu: number, timeMs: number): string {
  const temperature = 55 + ((device + gpu + timeMs / 1000) % 30);
  return `gpu,gpu=${gpu},uuid=GPU-${device}-${gpu},model=NVIDIA\\ GeForce\\ RTX\\ 4090 temperature_c=${temperature},power_w=${300 + gpu},power_limit_w=450,utilization_pct=97,memory_used_mib=20000,memory_total_mib=24564,fan_pct=60,sm_clock_mhz=2520,mem_clock_mhz=10501,throttled=0i ${timeMs}`;
}

/** Field values in one device's write, as InfluxDB counts what it stores. */
export const VALUES_PER_WRITE = FLEET_GPUS * 10 + 5 + 2;

export function fleetBody(device: number, timeMs: number, gpus = FLEET_GPUS): string {
  const lines = Array.from({ length: gpus }, (_, gpu) => gpuLine(device, gpu, timeMs));
  lines.push(
    `host uptime_s=1000,cpu_pct=12,interval_s=10,rx_bytes=${timeMs}i,tx_bytes=${timeMs}i ${timeMs}`,
  );
  lines.push(`service,name=docker up=1i ${timeMs}`, `service,name=nvidia_driver up=1i ${timeMs}`);
  return lines.join('\n');
}

/**
 * `count` devices for `accountIds`, dealt out in turn (device i belongs to account i mod n): the
 * device credentials, in device order.
 */
export async function seedFleet(
  databaseUrl: string,
  accountIds: string[],
  count: number,
): Promise<string[]> {
  const credentials = Array.from({ length: count }, (_, index) => {
    const owner = accountIds[index % accountIds.length]!;
    return `iowd_bench_${index}_${owner}`;
  });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO devices (account_id, name, os, credential_hash)
       SELECT owner::uuid, 'fleet-' || n, 'ubuntu', hash
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(owner, hash, n)`,
      [
        credentials.map((_, index) => accountIds[index % accountIds.length]!),
        credentials.map((credential) => createHash('sha256').update(credential).digest('hex')),
      ],
    );
  } finally {
    await client.end();
  }
  return credentials;
}

/** Each device's own kept-alive connection, as each node's collector holds one, across runs. */
const deviceAgents = new Map<string, http.Agent>();

function agentOf(credential: string): http.Agent {
  let agent = deviceAgents.get(credential);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    deviceAgents.set(credential, agent);
  }
  return agent;
}

/** A device's write on its own connection; resolves with the status. */
function postWrite(url: string, credential: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, {
      method: 'POST',
      agent: agentOf(credential),
      headers: { authorization: `Token ${credential}` },
    });
    outgoing.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export type FleetRun = { writes: number; latencies: number[]; errors: number; seconds: number };

/**
 * Every device writes once per interval, spread evenly, each on its own connection, as a real
 * fleet's collectors would; `apiFor(device)` picks where each device writes.
 */
export async function runFleet(
  apiFor: (device: number) => string,
  credentials: string[],
  seconds: number,
  gpus = FLEET_GPUS,
): Promise<FleetRun> {
  const latencies: number[] = [];
  let errors = 0;
  const started = Date.now();
  const writes: Promise<void>[] = [];
  const cycles = Math.max(1, Math.floor((seconds * 1000) / FLEET_INTERVAL_MS));
  for (let cycle = 0; cycle < cycles; cycle += 1) {
    for (let device = 0; device < credentials.length; device += 1) {
      const due =
        started + cycle * FLEET_INTERVAL_MS + (device / credentials.length) * FLEET_INTERVAL_MS;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      writes.push(
        postWrite(
          `${apiFor(device)}/api/v2/write?precision=ms`,
          credentials[device]!,
          fleetBody(device, Date.now(), gpus),
        ).then(
          (status) => {
            if (status === 204) latencies.push(performance.now() - sent);
            else errors += 1;
          },
          () => {
            errors += 1;
          },
        ),
      );
    }
  }
  await Promise.all(writes);
  latencies.sort((a, b) => a - b);
  return { writes: writes.length, latencies, errors, seconds: (Date.now() - started) / 1000 };
}
