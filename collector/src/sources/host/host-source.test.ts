import { describe, expect, it } from 'vitest';
import { encodeLines } from '../../telemetry/encode-lines.js';
import { parseLine } from '../../test-support/line-protocol.js';
import { createHostSource } from './host-source.js';
import { defaultInterfaceFromRouteTable } from './network-counters.js';

describe('host source', () => {
  it('finds the default route with the lowest metric', () => {
    const table = [
      'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask',
      'wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000',
      'eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000',
      'eth0\t000200C0\t00000000\t0001\t0\t0\t100\t00FFFFFF',
    ].join('\n');
    expect(defaultInterfaceFromRouteTable(table)).toBe('eth0');
    expect(
      defaultInterfaceFromRouteTable(table.split('\n').slice(0, 1).join('\n')),
    ).toBeUndefined();
  });

  it('reports uptime, CPU, memory in MiB and byte counters as ints', async () => {
    const source = createHostSource({
      readNetwork: async () => ({ rxBytes: 123_456_789_012, txBytes: 42 }),
      readMemory: async () => ({ total: 64 * 1024 ** 3, used: 10 * 1024 ** 3 }),
    });
    const [line] = encodeLines(await source.gather(new Date())).map(parseLine);
    expect(line?.measurement).toBe('host');
    expect(line?.tags).toEqual({});
    expect(line?.fields).toMatchObject({
      mem_total_mib: 65536,
      mem_used_mib: 10240,
      rx_bytes: 123_456_789_012,
      tx_bytes: 42,
    });
    expect(line?.intFields.sort()).toEqual(['rx_bytes', 'tx_bytes']);
    expect(line?.fields.cpu_pct).toBeGreaterThanOrEqual(0);
    expect(line?.fields.uptime_s).toBeGreaterThan(0);
  });
});
