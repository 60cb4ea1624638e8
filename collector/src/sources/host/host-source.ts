import { readFileSync } from 'node:fs';
import os from 'node:os';
import si from 'systeminformation';
import { hostPoint, type HostReading } from '../../telemetry/points.js';
import type { Source } from '../source.js';
import { createCpuMeter, type CpuTimes } from './cpu-usage.js';
import { readNetworkCounters, type NetworkCounters } from './network-counters.js';

const MIB = 1024 * 1024;

export type HostSourceOptions = {
  readNetwork?: () => Promise<NetworkCounters | undefined>;
  readMemory?: () => Promise<{ total: number; used: number } | undefined>;
  readCpuTimes?: () => Promise<CpuTimes | undefined>;
};

/** `/proc/meminfo` values in bytes (it prints kB). */
function meminfoBytes(text: string, key: string): number | undefined {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * Used memory as `free` counts it: total minus available (page cache is not "used"). On Linux
 * read straight from /proc (synchronously: procfs answers from kernel memory in microseconds);
 * systeminformation would start a shell every sample.
 */
async function readMemory(): Promise<{ total: number; used: number } | undefined> {
  if (process.platform === 'linux') {
    const text = readFileSync('/proc/meminfo', 'utf8');
    const total = meminfoBytes(text, 'MemTotal');
    const available = meminfoBytes(text, 'MemAvailable');
    return total && available !== undefined ? { total, used: total - available } : undefined;
  }
  const memory = await si.mem();
  if (!memory.total) return undefined;
  return { total: memory.total, used: memory.active };
}

/**
 * Measurement `host`: uptime, CPU, memory and the default interface's byte counters. A sample
 * costs only these reads; CPU use is measured since the previous sample, so the first has none.
 * The agent's own health fields are added by the sampler, which knows them.
 */
export function createHostSource(options: HostSourceOptions = {}): Source {
  const cpuPercent = createCpuMeter(options.readCpuTimes);
  const network = options.readNetwork ?? readNetworkCounters;
  const memory = options.readMemory ?? readMemory;
  return {
    name: 'host',
    async gather(now) {
      const [cpu, mem, net] = await Promise.all([
        cpuPercent(),
        memory().catch(() => undefined),
        network(),
      ]);
      const reading: HostReading = { uptime_s: Math.round(os.uptime()) };
      if (cpu !== undefined) reading.cpu_pct = Math.round(cpu * 10) / 10;
      if (mem) {
        reading.mem_used_mib = Math.round(mem.used / MIB);
        reading.mem_total_mib = Math.round(mem.total / MIB);
      }
      if (net) {
        reading.rx_bytes = net.rxBytes;
        reading.tx_bytes = net.txBytes;
      }
      return [hostPoint(reading, now)];
    },
  };
}
