// What a device's telemetry costs InfluxDB on disk once stored: one simulated day of 10 s
// samples written straight to influxd, its cache snapshotted into compressed TSM files, and
// their size divided by the values they hold.
import { FLEET_GPUS } from './fleet.js';

const DEVICES = 25;
const SAMPLES_PER_DAY = 8640;
const DATABASE = 'storage';
/** Field values per device sample below: 10 per GPU, 5 for the host, 2 services. */
const VALUES_PER_SAMPLE = FLEET_GPUS * 10 + 5 + 2;

/** A small deterministic generator, so every run stores the same day. */
function randomSource(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Readings that move as a busy GPU's do (random walks), not constants that compress to nothing. */
function deviceDay(device: number, startMs: number): string[] {
  const random = randomSource(device + 1);
  const gpus = Array.from({ length: FLEET_GPUS }, () => ({ temperature: 60, power: 300 }));
  const bodies: string[] = [];
  for (let sample = 0; sample < SAMPLES_PER_DAY; sample += 1) {
    const time = startMs + sample * 10_000;
    const lines = gpus.map((gpu, index) => {
      gpu.temperature = Math.min(88, Math.max(40, gpu.temperature + (random() - 0.5) * 2));
      gpu.power = Math.min(450, Math.max(80, gpu.power + (random() - 0.5) * 30));
      const utilization = Math.round(70 + random() * 30);
      const memory = 18_000 + Math.round(random() * 4000);
      const smClock = 2400 + Math.round(random() * 200);
      return `gpu,gpu=${index},uuid=GPU-${device}-${index},model=NVIDIA\\ GeForce\\ RTX\\ 4090 temperature_c=${gpu.temperature.toFixed(0)},power_w=${gpu.power.toFixed(2)},power_limit_w=450,utilization_pct=${utilization},memory_used_mib=${memory},memory_total_mib=24564,fan_pct=${Math.round(gpu.temperature)},sm_clock_mhz=${smClock},mem_clock_mhz=10501,throttled=0i ${time}`;
    });
    const uptime = sample * 10;
    lines.push(
      `host uptime_s=${uptime},cpu_pct=${(random() * 40).toFixed(1)},interval_s=10,rx_bytes=${uptime * 1_200_000}i,tx_bytes=${uptime * 300_000}i ${time}`,
      `service,name=docker up=1i ${time}`,
      `service,name=nvidia_driver up=1i ${time}`,
    );
    bodies.push(lines.join('\n'));
  }
  return bodies;
}

async function query(influxUrl: string, q: string) {
  const response = await fetch(`${influxUrl}/query`, {
    method: 'POST',
    body: new URLSearchParams({ q }),
  });
  return (await response.json()) as {
    results: {
      series?: {
        name: string;
        tags?: Record<string, string>;
        columns: string[];
        values: number[][];
      }[];
    }[];
  };
}

async function snapshotState(influxUrl: string) {
  const stats = await query(influxUrl, 'SHOW STATS');
  let tsmBytes = 0;
  let cacheBytes = 0;
  for (const series of stats.results[0]?.series ?? []) {
    if (series.tags?.database !== DATABASE) continue;
    const value = (column: string) => series.values[0]?.[series.columns.indexOf(column)] ?? 0;
    if (series.name === 'tsm1_filestore') tsmBytes += value('diskBytes');
    if (series.name === 'tsm1_cache') cacheBytes += value('memBytes');
  }
  return { tsmBytes, cacheBytes };
}

/**
 * Bytes on disk per stored value, from one day of `DEVICES` devices. Needs an influxd whose cache
 * snapshots soon after writes stop (INFLUXDB_DATA_CACHE_SNAPSHOT_WRITE_COLD_DURATION).
 */
export async function measureTsmBytesPerValue(influxUrl: string) {
  await query(influxUrl, `CREATE DATABASE ${DATABASE}`);
  const startMs = Date.now() - 2 * 86_400_000;
  for (let device = 0; device < DEVICES; device += 1) {
    const bodies = deviceDay(device, startMs);
    for (let offset = 0; offset < bodies.length; offset += 1000) {
      const response = await fetch(`${influxUrl}/write?db=${DATABASE}&precision=ms`, {
        method: 'POST',
        body: bodies.slice(offset, offset + 1000).join('\n'),
      });
      if (response.status !== 204) throw new Error(`influxd answered ${response.status}`);
    }
  }
  const deadline = Date.now() + 60_000;
  let state = await snapshotState(influxUrl);
  while (state.cacheBytes > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    state = await snapshotState(influxUrl);
  }
  const values = DEVICES * SAMPLES_PER_DAY * VALUES_PER_SAMPLE;
  return { values, bytesPerValue: state.tsmBytes / values, snapshotted: state.cacheBytes === 0 };
}
