import os from 'node:os';
import { openProcFile } from '../../lib/proc-file.js';

export type CpuTimes = { idle: number; total: number };

/**
 * The summed `cpu` line of /proc/stat (clock ticks). iowait counts as idle, as in top; guest
 * time is already part of user time, so it is not added again.
 */
export function cpuTimesFromProcStat(stat: string): CpuTimes | undefined {
  const line = /^cpu\s+([\d\s]+)$/m.exec(stat)?.[1];
  if (!line) return undefined;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .map(Number);
  if (user === undefined || nice === undefined || system === undefined || idle === undefined) {
    return undefined;
  }
  const idleAll = idle + iowait;
  return { idle: idleAll, total: user + nice + system + idleAll + irq + softirq + steal };
}

function cpuTimesFromOs(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const { user, nice, sys, irq } = cpu.times;
    idle += cpu.times.idle;
    total += user + nice + sys + irq + cpu.times.idle;
  }
  return { idle, total };
}

/**
 * On Linux one small read of /proc/stat, kept open: os.cpus() also reads /proc/cpuinfo and a
 * cpufreq file per CPU.
 */
export function createCpuTimesReader(
  platform: NodeJS.Platform = process.platform,
): (() => Promise<CpuTimes | undefined>) & { close(): void } {
  if (platform !== 'linux') return Object.assign(async () => cpuTimesFromOs(), { close() {} });
  const stat = openProcFile('/proc/stat');
  return Object.assign(async () => cpuTimesFromProcStat(stat.read()), { close: stat.close });
}

/**
 * CPU use in % since the previous call, from the kernel's CPU time counters (no external
 * command: systeminformation's currentLoad() runs one synchronously on Linux). The first call
 * only records the counters and returns undefined: waiting inside a sample for a second
 * reading would make every sample cost that wait.
 */
export function createCpuMeter(read: () => Promise<CpuTimes | undefined> = createCpuTimesReader()) {
  let last: CpuTimes | undefined;
  return async function cpuPercent(): Promise<number | undefined> {
    const previous = last;
    last = await read().catch(() => undefined);
    if (!previous || !last) return undefined;
    const total = last.total - previous.total;
    const idle = last.idle - previous.idle;
    if (total <= 0) return undefined;
    return Math.min(100, Math.max(0, 100 * (1 - idle / total)));
  };
}
