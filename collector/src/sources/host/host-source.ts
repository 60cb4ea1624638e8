import os from 'node:os';
import { openProcFile } from '../../lib/proc-file.js';
import { hostPoint, type HostReading } from '../../telemetry/points.js';
import type { Source } from '../source.js';
import { createCpuMeter, createCpuTimesReader, type CpuTimes } from './cpu-usage.js';
import { createNetworkCountersReader, type NetworkCounters } from './network-counters.js';

const MIB = 1024 * 1024;

export type HostSourceOptions = {
  readNetwork?: () => Promise<NetworkCounters | undefined>;
  readMemory?: () => Promise<{ total: number; used: number } | undefined>;
  readCpuTimes?: () => Promise<CpuTimes | undefined>;
};

const MEM_TOTAL = /^MemTotal:\s+(\d+) kB/m;
const MEM_AVAILABLE = /^MemAvailable:\s+(\d+) kB/m;

/** A `/proc/meminfo` value in bytes (it prints kB). */
function meminfoBytes(text: string, key: RegExp): number | undefined {
  const match = key.exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * Used memory as `free` counts it: total minus available (page cache is not "used"). On Linux
 * read straight from /proc (kept open, `openProcFile`); systeminformation would start a shell
 * every sample.
 */
function createMemoryReader() {
  if (process.platform === 'linux') {
    const meminfo = openProcFile('/proc/meminfo');
    const read = async () => {
      const text = meminfo.read();
      const total = meminfoBytes(text, MEM_TOTAL);
      const available = meminfoBytes(text, MEM_AVAILABLE);
      return total && available !== undefined ? { total, used: total - available } : undefined;
    };
    return Object.assign(read, { close: meminfo.close });
  }
  return async (): Promise<{ total: number; used: number } | undefined> => {
    // Loaded only here: systeminformation is large, and Linux never needs it.
    const { default: si } = await import('systeminformation');
    const memory = await si.mem();
    if (!memory.total) return undefined;
    return { total: memory.total, used: memory.active };
  };
}

/**
 * Measurement `host`: uptime, CPU, memory and the default interface's byte counters. A sample
 * costs only these reads; CPU use is measured since the previous sample, so the first has none.
 * The agent's own health fields are added by the sampler, which knows them.
 */
export function createHostSource(options: HostSourceOptions = {}): Source {
  const cpuTimes = options.readCpuTimes ?? createCpuTimesReader();
  const cpuPercent = createCpuMeter(cpuTimes);
  const network = options.readNetwork ?? createNetworkCountersReader();
  const memory = options.readMemory ?? createMemoryReader();
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
    /** Closes the /proc and /sys files it keeps open. */
    async stop() {
      for (const reader of [cpuTimes, network, memory] as { close?: () => void }[])
        reader.close?.();
    },
  };
}
