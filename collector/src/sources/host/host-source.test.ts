import { describe, expect, it } from 'vitest';
import { encodeLines } from '../../telemetry/encode-lines.js';
import { parseLine } from '../../test-support/line-protocol.js';
import { cpuTimesFromProcStat } from './cpu-usage.js';
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
    expect(line?.fields.uptime_s).toBeGreaterThan(0);
  });

  it('measures CPU since the previous sample, without waiting inside one', async () => {
    const readings = [
      { idle: 1_000, total: 2_000 },
      { idle: 1_300, total: 2_400 },
    ];
    const source = createHostSource({
      readNetwork: async () => undefined,
      readMemory: async () => undefined,
      readCpuTimes: async () => readings.shift(),
    });
    const cpuOf = async () => encodeLines(await source.gather(new Date())).map(parseLine)[0];
    const started = performance.now();
    expect((await cpuOf())?.fields.cpu_pct).toBeUndefined();
    expect((await cpuOf())?.fields.cpu_pct).toBe(25);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('reads CPU times from the summed line of /proc/stat, iowait as idle', () => {
    const stat = 'cpu  100 10 50 800 40 5 5 10 3 0\ncpu0 50 5 25 400 20 2 3 5 3 0\nintr 1 2\n';
    expect(cpuTimesFromProcStat(stat)).toEqual({ idle: 840, total: 1_020 });
    expect(cpuTimesFromProcStat('intr 1 2\n')).toBeUndefined();
  });
});
