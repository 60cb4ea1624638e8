import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileNvmlStandIn } from '@ioworker/tools/nvml-stand-in';
import { loadNvml } from './koffi-nvml.js';
import type { Nvml } from './nvml.js';
import { createNvmlSource } from './nvml-source.js';
import { encodeLines } from '../../telemetry/encode-lines.js';

const MIB = 1024 * 1024;
const work = mkdtempSync(path.join(os.tmpdir(), 'iow-fake-nvml-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const buildStub = (name: string, defines: string[] = []) =>
  compileNvmlStandIn(path.join(work, `${name}.so`), defines);

async function load(library: string): Promise<Nvml> {
  const loaded = await loadNvml(library);
  if (!('nvml' in loaded)) throw new Error(loaded.reason);
  return loaded.nvml;
}

describe('NVML through koffi', () => {
  it('gives the reason, not NVML, when the library is missing', async () => {
    const loaded = await loadNvml(path.join(work, 'libnvidia-ml.so.1'));
    expect(loaded).toEqual({ reason: expect.stringContaining('libnvidia-ml.so.1') });
  });

  describe.runIf(process.platform === 'linux')('over a C stand-in for libnvidia-ml', () => {
    it('reads every value through the documented C types', async () => {
      const nvml = await load(buildStub('libfake-nvidia-ml'));
      expect(nvml.deviceCount()).toBe(2);
      const h200 = nvml.device(0);
      expect(h200.uuid()).toBe('GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0');
      expect(h200.name()).toBe('NVIDIA H200');
      expect(h200.pciBusId()).toBe('0:0:6');
      expect(h200.temperatureC()).toBe(36);
      expect(h200.powerMw()).toBe(83667);
      expect(h200.powerLimitMw()).toBe(700000);
      expect(h200.utilization()).toEqual({ gpuPct: 0, memoryPct: 0 });
      expect(h200.memory()).toEqual({ totalBytes: 143771 * MIB, usedBytes: 0 });
      expect(h200.clockMhz('sm')).toBe(900);
      expect(h200.clockMhz('memory')).toBe(3201);
      expect(h200.throttleReasons()).toBe(0x1n);
      expect(h200.eccUncorrected()).toBe(0);
      expect(h200.totalEnergyMj()).toBe(3831903);
      expect(() => h200.fanPct()).toThrow(
        expect.objectContaining({ code: 3, message: 'nvmlDeviceGetFanSpeed: Not Supported' }),
      );

      const second = nvml.device(1);
      expect(second.pciBusId()).toBe('0:0:7');
      expect(second.utilization()).toEqual({ gpuPct: 100, memoryPct: 37 });
      expect(second.memory().usedBytes).toBe(1139 * MIB);
      expect(second.throttleReasons()).toBe(0x44n);
      expect(second.eccUncorrected()).toBe(2);
      expect(second.totalEnergyMj()).toBe(5_000_000_000_123);
      nvml.shutdown();
      expect(() => nvml.deviceCount()).toThrow(expect.objectContaining({ code: 1 }));
    });

    it('gives the NVML source its gpu lines', async () => {
      const source = createNvmlSource({
        nvml: await load(buildStub('libfake-nvidia-ml-source')),
        readXids: async () => undefined,
      });
      const lines = encodeLines(await source.gather(new Date(1_767_225_600_000)));
      await source.stop?.();
      expect(lines.slice(0, 2)).toEqual([
        'gpu,gpu=0,model=NVIDIA\\ H200,uuid=GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0 ' +
          'temperature_c=36,power_w=83.667,power_limit_w=700,utilization_pct=0,' +
          'memory_used_mib=0,memory_total_mib=143771,sm_clock_mhz=900,mem_clock_mhz=3201,' +
          'throttled=0i,ecc_errors=0i,energy_mj=3831903i 1767225600000',
        'gpu,gpu=1,model=NVIDIA\\ H200,uuid=GPU-00000000-0000-0000-0000-000000000001 ' +
          'temperature_c=62,power_w=692.79,power_limit_w=700,utilization_pct=100,' +
          'memory_used_mib=1139,memory_total_mib=143771,sm_clock_mhz=1470,mem_clock_mhz=3201,' +
          'throttled=1i,ecc_errors=2i,energy_mj=5000000000123i 1767225600000',
      ]);
    });

    it('reads Xid events through the documented C types, without blocking', async () => {
      const nvml = await load(buildStub('libfake-nvidia-ml-xids'));
      const events = nvml.watchXids();
      expect(events?.drain()).toEqual([
        { busId: '0:0:7', xid: 79 },
        { busId: '0:0:7', xid: 48 },
      ]);
      expect(events?.drain()).toEqual([]);
      nvml.shutdown();
      const without = await load(buildStub('libfake-nvidia-ml-no-xids', ['-DWITHOUT_XID_EVENTS']));
      expect(without.watchXids()).toBeUndefined();
      without.shutdown();
    });

    it('reads memory with the v1 call where the driver lacks v2 (reserved counts as used)', async () => {
      const nvml = await load(buildStub('libfake-nvidia-ml-v1', ['-DWITHOUT_MEMORY_V2']));
      expect(nvml.device(0).memory()).toEqual({ totalBytes: 143771 * MIB, usedBytes: 644939776 });
      nvml.shutdown();
    });
  });
});
