import { readFileSync } from 'node:fs';
import si from 'systeminformation';

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

function readLinuxCounters(): NetworkCounters | undefined {
  const iface = defaultInterfaceFromRouteTable(readFileSync('/proc/net/route', 'utf8'));
  if (!iface || !/^[\w.:@-]+$/.test(iface)) return undefined;
  const counter = (name: string) =>
    Number(readFileSync(`/sys/class/net/${iface}/statistics/${name}`, 'utf8').trim());
  const [rxBytes, txBytes] = [counter('rx_bytes'), counter('tx_bytes')];
  return Number.isInteger(rxBytes) && Number.isInteger(txBytes) ? { rxBytes, txBytes } : undefined;
}

async function readOtherCounters(): Promise<NetworkCounters | undefined> {
  const [stats] = await si.networkStats();
  if (!stats || !Number.isInteger(stats.rx_bytes) || !Number.isInteger(stats.tx_bytes)) {
    return undefined;
  }
  return { rxBytes: stats.rx_bytes, txBytes: stats.tx_bytes };
}

/**
 * Byte counters of the default interface since boot. On Linux from /proc and /sys (synchronous
 * reads, answered from kernel memory in microseconds; systeminformation resolves the default
 * interface with a command).
 */
export async function readNetworkCounters(
  platform: NodeJS.Platform = process.platform,
): Promise<NetworkCounters | undefined> {
  try {
    return platform === 'linux' ? readLinuxCounters() : await readOtherCounters();
  } catch {
    return undefined;
  }
}
