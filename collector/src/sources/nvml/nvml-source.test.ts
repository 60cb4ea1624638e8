import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeNvml, recordedH200, type FakeGpu } from '../../test-support/fake-nvml.js';
import { NVIDIA_FIXTURES_DIR } from '../../test-support/fixtures.js';
import { parseLine } from '../../test-support/line-protocol.js';
import { encodeLines } from '../../telemetry/encode-lines.js';
import { NvmlError } from './nvml.js';
import { createNvmlSource } from './nvml-source.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const noXids = async () => undefined;

async function sample(source: ReturnType<typeof createNvmlSource>, time = NOW) {
  const lines = encodeLines(await source.gather(time)).map(parseLine);
  return {
    gpus: lines.filter((line) => line.measurement === 'gpu'),
    up: lines.find((line) => line.tags.name === 'nvidia_driver')?.fields.up,
  };
}

describe('NVML source over the recorded H200', () => {
  it('writes the fields nvidia-smi gives, in the same units, plus the energy counter', async () => {
    const source = createNvmlSource({ nvml: createFakeNvml([recordedH200()]), readXids: noXids });
    const { gpus, up } = await sample(source);
    expect(up).toBe(1);
    expect(gpus).toHaveLength(1);
    expect(gpus[0]?.tags).toEqual({
      gpu: '0',
      uuid: 'GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0',
      model: 'NVIDIA H200',
    });
    expect(gpus[0]?.fields).toEqual({
      temperature_c: 36,
      power_w: 83.667,
      power_limit_w: 700,
      utilization_pct: 0,
      memory_used_mib: 0,
      memory_total_mib: 143771,
      sm_clock_mhz: 900,
      mem_clock_mhz: 3201,
      // Only the GPU-idle reason (bit 0x1) is set: not a slowdown.
      throttled: 0,
      ecc_errors: 0,
      energy_mj: 3831903,
    });
    expect(gpus[0]?.intFields.sort()).toEqual(['ecc_errors', 'energy_mj', 'throttled']);
  });

  it('writes the same fields as the collector printed from nvidia-smi on that H200', async () => {
    const printed = (
      await readFile(
        path.join(NVIDIA_FIXTURES_DIR, 'raw/nvidia-h200_580.159.04_linux_idle.collector-sample.lp'),
        'utf8',
      )
    )
      .split('\n')
      .filter((line) => line.startsWith('gpu,'))
      .map(parseLine)[0]!;
    const source = createNvmlSource({ nvml: createFakeNvml([recordedH200()]), readXids: noXids });
    const [ours] = (await sample(source)).gpus;
    expect(ours?.tags).toEqual(printed.tags);
    const fields = Object.keys(ours!.fields).filter((name) => name !== 'energy_mj');
    expect(fields.sort()).toEqual(Object.keys(printed.fields).sort());
  });

  it('reads the energy counter once a minute, not every sample', async () => {
    const nvml = createFakeNvml([recordedH200()]);
    const source = createNvmlSource({ nvml, readXids: noXids });
    const energyAt = async (seconds: number) =>
      (await sample(source, at(seconds))).gpus[0]?.fields.energy_mj;
    expect(await energyAt(0)).toBe(3831903);
    expect(await energyAt(1)).toBeUndefined();
    expect(await energyAt(59)).toBeUndefined();
    nvml.gpus[0]!.totalEnergyMj = 3_900_000;
    expect(await energyAt(60)).toBe(3_900_000);
    expect(nvml.energyReads).toBe(2);
  });

  it('sets throttled for a protective slowdown only, and leaves out what NVML does not support', async () => {
    const capped: FakeGpu = { ...recordedH200(), throttleReasons: 0x4n };
    const hot: FakeGpu = { ...recordedH200(), throttleReasons: 0x4n | 0x20n, fanPct: 0 };
    delete hot.eccUncorrected;
    const source = createNvmlSource({ nvml: createFakeNvml([capped, hot]), readXids: noXids });
    const { gpus } = await sample(source);
    expect(gpus.map((line) => line.fields.throttled)).toEqual([0, 1]);
    expect(gpus.map((line) => line.fields.fan_pct)).toEqual([undefined, 0]);
    expect(gpus.map((line) => line.fields.ecc_errors)).toEqual([0, undefined]);
  });

  it('counts Xids by bus id and follows a change in the number of GPUs', async () => {
    const second: FakeGpu = { ...recordedH200(), uuid: 'GPU-second', pciBusId: '0:0:7' };
    const nvml = createFakeNvml([recordedH200(), second]);
    const source = createNvmlSource({
      nvml,
      readXids: async () => new Map([['0:0:6', { count: 3, last: 48 }]]),
    });
    const before = await sample(source);
    expect(
      before.gpus.map((line) => [line.tags.uuid, line.fields.xid_errors, line.fields.xid_last]),
    ).toEqual([
      ['GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0', 3, 48],
      ['GPU-second', 0, undefined],
    ]);
    nvml.gpus = [second];
    const after = await sample(source, at(1));
    expect(after.gpus.map((line) => [line.tags.gpu, line.tags.uuid])).toEqual([
      ['0', 'GPU-second'],
    ]);
  });

  it('reports the driver down when NVML fails, backs off, and shuts NVML down on stop', async () => {
    const nvml = createFakeNvml([recordedH200()]);
    const source = createNvmlSource({ nvml, readXids: noXids });
    nvml.failure = new NvmlError(9, 'nvmlDeviceGetCount_v2: Driver Not Loaded');
    expect(await sample(source, at(0))).toMatchObject({ up: 0, gpus: [] });
    expect(await sample(source, at(1))).toMatchObject({ up: 0, gpus: [] });
    delete nvml.failure;
    // Second failure: 10 s before the next try.
    expect(await sample(source, at(5))).toMatchObject({ up: 0, gpus: [] });
    expect((await sample(source, at(12))).up).toBe(1);
    await source.stop?.();
    expect(nvml.shutdowns).toBe(1);
  });

  it('lists GPUs for enrollment', async () => {
    const source = createNvmlSource({ nvml: createFakeNvml([recordedH200()]), readXids: noXids });
    expect(await source.listGpus(NOW)).toEqual([
      {
        index: 0,
        uuid: 'GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0',
        model: 'NVIDIA H200',
        memoryTotalMiB: 143771,
      },
    ]);
  });
});
