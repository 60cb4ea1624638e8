import os from 'node:os';
import { sleep } from '../../lib/sleep.js';

type CpuTimes = { idle: number; total: number };

function readCpuTimes(): CpuTimes {
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
 * CPU use in % between two calls, from the kernel's per-CPU time counters (no external
 * command: systeminformation's currentLoad() runs one synchronously on Linux). When the
 * previous reading is too recent to mean anything, it waits a quarter second.
 */
export function createCpuMeter(read: () => CpuTimes = readCpuTimes) {
  let last = read();
  const cpuCount = Math.max(1, os.cpus().length);
  return async function cpuPercent(): Promise<number | undefined> {
    let current = read();
    if (current.total - last.total < 50 * cpuCount) {
      await sleep(250);
      current = read();
    }
    const total = current.total - last.total;
    const idle = current.idle - last.idle;
    last = current;
    if (total <= 0) return undefined;
    return Math.min(100, Math.max(0, 100 * (1 - idle / total)));
  };
}
