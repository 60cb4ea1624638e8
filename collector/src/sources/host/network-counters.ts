import { openProcFile, type ProcFile } from '../../lib/proc-file.js';

export type NetworkCounters = { rxBytes: number; txBytes: number };

/** The interface of the default IPv4 route (lowest metric) in /proc/net/route. */
export function defaultInterfaceFromRouteTable(routeTable: string): string | undefined {
  let best: { iface: string; metric: number } | undefined;
  for (const line of routeTable.split('\n').slice(1)) {
    const [iface, destination, , flags, , , metric] = line.trim().split(/\s+/);
    if (!iface || destination !== '00000000') continue;
    if ((parseInt(flags ?? '0', 16) & 1) === 0) continue;
    const value = Number(metric ?? 0);
    if (!best || value < best.metric) best = { iface, metric: value };
  }
  return best?.iface;
}

/** The default route is looked up again this often: it seldom changes. */
const ROUTE_EVERY_MS = 60_000;

/**
 * On Linux: the default interface from /proc/net/route (again every minute), and its two
 * counters from /sys, kept open (`openProcFile`): two system calls per sample.
 */
function linuxCountersReader(now: () => number) {
  const routes = openProcFile('/proc/net/route');
  let routeReadAt = Number.NEGATIVE_INFINITY;
  let current: { iface: string; rx: ProcFile; tx: ProcFile } | undefined;
  const counter = (file: ProcFile) => Number(file.read().trim());
  function close(): void {
    routes.close();
    current?.rx.close();
    current?.tx.close();
  }
  function readLinuxCounters(): NetworkCounters | undefined {
    if (now() - routeReadAt >= ROUTE_EVERY_MS) {
      routeReadAt = now();
      const iface = defaultInterfaceFromRouteTable(routes.read());
      if (iface !== current?.iface) {
        current?.rx.close();
        current?.tx.close();
        current = undefined;
        if (iface && /^[\w.:@-]+$/.test(iface)) {
          const statistics = `/sys/class/net/${iface}/statistics`;
          current = {
            iface,
            rx: openProcFile(`${statistics}/rx_bytes`, 64),
            tx: openProcFile(`${statistics}/tx_bytes`, 64),
          };
        }
      }
    }
    if (!current) return undefined;
    try {
      const [rxBytes, txBytes] = [counter(current.rx), counter(current.tx)];
      if (Number.isInteger(rxBytes) && Number.isInteger(txBytes)) return { rxBytes, txBytes };
    } catch {
      // The interface went away: look for the default route again next time.
    }
    routeReadAt = Number.NEGATIVE_INFINITY;
    return undefined;
  }
  return Object.assign(readLinuxCounters, { close });
}

async function readOtherCounters(): Promise<NetworkCounters | undefined> {
  // Loaded only here: systeminformation is large, and Linux never needs it.
  const { default: si } = await import('systeminformation');
  const [stats] = await si.networkStats();
  if (!stats || !Number.isInteger(stats.rx_bytes) || !Number.isInteger(stats.tx_bytes)) {
    return undefined;
  }
  return { rxBytes: stats.rx_bytes, txBytes: stats.tx_bytes };
}

/**
 * A reader of the default interface's byte counters since boot. On Linux from /proc and /sys
 * (synchronous reads, answered from kernel memory in microseconds; systeminformation resolves
 * the default interface with a command); elsewhere from systeminformation.
 */
export function createNetworkCountersReader(
  platform: NodeJS.Platform = process.platform,
  now: () => number = Date.now,
): (() => Promise<NetworkCounters | undefined>) & { close(): void } {
  const linux = platform === 'linux' ? linuxCountersReader(now) : undefined;
  const read = linux ?? readOtherCounters;
  async function readCounters() {
    try {
      return await read();
    } catch {
      return undefined;
    }
  }
  return Object.assign(readCounters, { close: () => linux?.close() });
}

/** Byte counters of the default interface since boot, read once. */
export async function readNetworkCounters(
  platform: NodeJS.Platform = process.platform,
): Promise<NetworkCounters | undefined> {
  const reader = createNetworkCountersReader(platform);
  try {
    return await reader();
  } finally {
    reader.close();
  }
}
