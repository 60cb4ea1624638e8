import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MEASUREMENTS } from '@ioworker/contract/telemetry';
import { afterEach, describe, expect, it } from 'vitest';
import {
  installFakeNvidiaSmi,
  NVIDIA_FIXTURES_DIR,
  nvidiaFixture,
  type FakeNvidiaSmi,
} from '../../test-support/fixtures.js';
import { parseLine, type ParsedLine } from '../../test-support/line-protocol.js';
import { encodeLines } from '../../telemetry/encode-lines.js';
import { createNvidiaSmiSource } from './nvidia-smi-source.js';
import type { XidReader } from './xid-log.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
type GpuField = keyof (typeof MEASUREMENTS)['gpu']['fields'];
/** The fields contract §8 adds to `gpu`, where the driver reports them. */
const HEALTH_FIELDS: string[] = [
  'memory_temperature_c',
  'temperature_limit_margin_c',
  'power_draw_instant_w',
  'encoder_pct',
  'decoder_pct',
  'pstate',
  'pcie_link_gen',
  'pcie_link_gen_max',
  'pcie_link_width',
  'pcie_link_width_max',
  'throttle_power_us',
  'throttle_thermal_us',
  'throttle_hw_us',
  'remapped_rows_uncorrectable',
];
const rawCapture = (file: string) => path.join(NVIDIA_FIXTURES_DIR, 'raw', file);
const noXids = async () => undefined;

let fake: FakeNvidiaSmi | undefined;
afterEach(async () => {
  await fake?.cleanup();
  fake = undefined;
});

async function gatherFrom(slug: string, options: { readXids?: XidReader } = {}) {
  fake = await installFakeNvidiaSmi(nvidiaFixture(slug));
  const source = createNvidiaSmiSource({
    binary: fake.binary,
    readXids: options.readXids ?? noXids,
  });
  const lines = encodeLines(await source.gather(NOW)).map(parseLine);
  return {
    gpus: lines.filter((line) => line.measurement === 'gpu'),
    services: lines.filter((line) => line.measurement === 'service'),
  };
}

type Expected = { tags: Record<string, string>; fields: Record<string, number> };

/**
 * Recorded outputs of real cards, one row per card type: the exact mapped point for one GPU.
 * A field missing from `fields` must be absent from the point.
 */
const CASES: { slug: string; what: string; count: number; gpu: number; expected: Expected }[] = [
  {
    slug: '8x-tesla-v100s-pcie-32gb_460.73.01_xml',
    what: '8-GPU data-centre box, driver 460 (clocks_throttle_reasons), fan [N/A]',
    count: 8,
    gpu: 0,
    expected: {
      tags: {
        gpu: '0',
        uuid: 'GPU-76098dc1-d3bc-9a1b-7ea6-f7b48837829e',
        model: 'Tesla V100S-PCIE-32GB',
      },
      fields: {
        temperature_c: 66,
        power_w: 232.8,
        power_limit_w: 250,
        utilization_pct: 97,
        memory_used_mib: 31689,
        memory_total_mib: 32510,
        sm_clock_mhz: 1410,
        mem_clock_mhz: 1107,
        throttled: 0,
        ecc_errors: 0,
        memory_temperature_c: 63,
        encoder_pct: 0,
        decoder_pct: 0,
        pstate: 0,
        pcie_link_gen: 3,
        pcie_link_gen_max: 3,
        pcie_link_width: 16,
        pcie_link_width_max: 16,
      },
    },
  },
  {
    slug: '2x-nvidia-rtx-a5000_590.44.01_xml',
    what: '2-GPU workstation, second GPU, idle: real zeros, ECC [N/A]',
    count: 2,
    gpu: 1,
    expected: {
      tags: {
        gpu: '1',
        uuid: 'GPU-12345678-aaaa-bbbb-cccc-0123456789cd',
        model: 'NVIDIA RTX A5000',
      },
      fields: {
        temperature_c: 15,
        power_w: 13.6,
        power_limit_w: 230,
        utilization_pct: 0,
        memory_used_mib: 17253,
        memory_total_mib: 24564,
        fan_pct: 30,
        sm_clock_mhz: 210,
        mem_clock_mhz: 405,
        throttled: 0,
        power_draw_instant_w: 13.59,
        encoder_pct: 0,
        decoder_pct: 0,
        pstate: 8,
        pcie_link_gen: 1,
        pcie_link_gen_max: 4,
        pcie_link_width: 16,
        pcie_link_width_max: 16,
        throttle_power_us: 31195898111,
        throttle_thermal_us: 0,
        throttle_hw_us: 0,
        remapped_rows_uncorrectable: 0,
      },
    },
  },
  {
    slug: 'nvidia-a100-sxm4-80gb-mig_535.54.03_xml',
    what: 'A100 with MIG: utilization [N/A], no index field',
    count: 1,
    gpu: 0,
    expected: {
      tags: {
        gpu: '0',
        uuid: 'GPU-513536b6-7d19-9063-b049-1e69664bb298',
        model: 'NVIDIA A100-SXM4-80GB',
      },
      fields: {
        temperature_c: 27,
        power_w: 67.03,
        power_limit_w: 500,
        memory_used_mib: 50,
        memory_total_mib: 81920,
        sm_clock_mhz: 1275,
        mem_clock_mhz: 1593,
        throttled: 0,
        ecc_errors: 0,
        memory_temperature_c: 44,
        pstate: 0,
        pcie_link_gen: 4,
        pcie_link_gen_max: 4,
        pcie_link_width: 16,
        pcie_link_width_max: 16,
      },
    },
  },
  {
    slug: 'nvidia-h100-80gb-hbm3_590.48.01_linux_idle',
    what: 'H100, real CSV capture, idle: 0 % and 0 MiB stay 0',
    count: 1,
    gpu: 0,
    expected: {
      tags: {
        gpu: '0',
        uuid: 'GPU-00000000-0000-0000-0000-000000000000',
        model: 'NVIDIA H100 80GB HBM3',
      },
      fields: {
        temperature_c: 41,
        power_w: 69.85,
        power_limit_w: 700,
        utilization_pct: 0,
        memory_used_mib: 0,
        memory_total_mib: 81559,
        sm_clock_mhz: 345,
        mem_clock_mhz: 2619,
        throttled: 0,
        ecc_errors: 0,
        memory_temperature_c: 48,
        temperature_limit_margin_c: 46,
        power_draw_instant_w: 69.62,
        encoder_pct: 0,
        decoder_pct: 0,
        pstate: 0,
        pcie_link_gen: 5,
        pcie_link_gen_max: 5,
        pcie_link_width: 16,
        pcie_link_width_max: 16,
        throttle_power_us: 0,
        throttle_thermal_us: 0,
        throttle_hw_us: 0,
        remapped_rows_uncorrectable: 0,
      },
    },
  },
  {
    slug: 'nvidia-h200_580.159.04_linux_idle',
    what: 'H200 captured for this project, idle: passively cooled, so no fan field',
    count: 1,
    gpu: 0,
    expected: {
      tags: { gpu: '0', uuid: 'GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0', model: 'NVIDIA H200' },
      fields: {
        temperature_c: 36,
        power_w: 78.73,
        power_limit_w: 700,
        utilization_pct: 0,
        memory_used_mib: 0,
        memory_total_mib: 143771,
        sm_clock_mhz: 345,
        mem_clock_mhz: 3201,
        throttled: 0,
        ecc_errors: 0,
        memory_temperature_c: 36,
        temperature_limit_margin_c: 51,
        power_draw_instant_w: 78.37,
        encoder_pct: 0,
        decoder_pct: 0,
        pstate: 0,
        pcie_link_gen: 5,
        pcie_link_gen_max: 5,
        pcie_link_width: 16,
        pcie_link_width_max: 16,
        throttle_power_us: 0,
        throttle_thermal_us: 0,
        throttle_hw_us: 0,
        remapped_rows_uncorrectable: 0,
      },
    },
  },
  {
    slug: 'nvidia-h200_580.159.04_linux_load',
    what: 'H200 at its 700 W power cap: a power cap alone is not a slowdown',
    count: 1,
    gpu: 0,
    expected: {
      tags: { gpu: '0', uuid: 'GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0', model: 'NVIDIA H200' },
      fields: {
        temperature_c: 62,
        power_w: 692.79,
        power_limit_w: 700,
        utilization_pct: 100,
        memory_used_mib: 1139,
        memory_total_mib: 143771,
        sm_clock_mhz: 1470,
        mem_clock_mhz: 3201,
        throttled: 0,
        ecc_errors: 0,
        memory_temperature_c: 52,
        temperature_limit_margin_c: 25,
        power_draw_instant_w: 702.77,
        encoder_pct: 0,
        decoder_pct: 0,
        pstate: 0,
        pcie_link_gen: 5,
        pcie_link_gen_max: 5,
        pcie_link_width: 16,
        pcie_link_width_max: 16,
        throttle_power_us: 20944197,
        throttle_thermal_us: 0,
        throttle_hw_us: 0,
        remapped_rows_uncorrectable: 0,
      },
    },
  },
  {
    slug: 'nvidia-geforce-rtx-2080-super_591.86_windows_load',
    what: 'consumer card on Windows (WDDM) under load',
    count: 1,
    gpu: 0,
    expected: {
      tags: {
        gpu: '0',
        uuid: 'GPU-00000000-0000-0000-0000-000000000000',
        model: 'NVIDIA GeForce RTX 2080 SUPER',
      },
      fields: {
        temperature_c: 45,
        power_w: 97.43,
        power_limit_w: 250,
        utilization_pct: 7,
        memory_used_mib: 1296,
        memory_total_mib: 8192,
        fan_pct: 38,
        sm_clock_mhz: 2055,
        mem_clock_mhz: 7500,
        throttled: 0,
        power_draw_instant_w: 97.43,
        encoder_pct: 100,
        decoder_pct: 0,
        pstate: 2,
        pcie_link_gen: 3,
        pcie_link_gen_max: 3,
        pcie_link_width: 16,
        pcie_link_width_max: 16,
        throttle_power_us: 5459682741,
        throttle_thermal_us: 0,
        throttle_hw_us: 0,
      },
    },
  },
  {
    slug: 'quadro-p400_418.43_xml',
    what: 'driver 418: power.draw and power limits [N/A]',
    count: 1,
    gpu: 0,
    expected: {
      tags: { gpu: '0', uuid: 'GPU-8f750be4-dfbc-23b9-b33f-da729a536494', model: 'Quadro P400' },
      fields: {
        temperature_c: 33,
        utilization_pct: 0,
        memory_used_mib: 0,
        memory_total_mib: 1998,
        fan_pct: 34,
        sm_clock_mhz: 139,
        mem_clock_mhz: 405,
        throttled: 0,
        encoder_pct: 0,
        decoder_pct: 0,
        pstate: 8,
        pcie_link_gen: 1,
        pcie_link_gen_max: 3,
        pcie_link_width: 16,
        pcie_link_width_max: 16,
      },
    },
  },
  {
    slug: 'geforce-gtx-1650-super_530.41.03_ksysguard-gpu-issue-31',
    what: 'consumer card whose fan reads a real 0 %',
    count: 1,
    gpu: 0,
    expected: {
      tags: { gpu: '0' },
      fields: {
        temperature_c: 47,
        power_w: 16.5,
        utilization_pct: 24,
        fan_pct: 0,
        sm_clock_mhz: 660,
        mem_clock_mhz: 810,
        pstate: 5,
      },
    },
  },
  {
    slug: 'unknown-2gb-gpu_older-driver_fan-not-supported_i3pystatus-pr-776',
    what: 'older driver: fan [Not Supported]',
    count: 1,
    gpu: 0,
    expected: {
      tags: { gpu: '0' },
      fields: { temperature_c: 44, utilization_pct: 0, memory_used_mib: 0, memory_total_mib: 2004 },
    },
  },
  {
    slug: 'grid-p4-1q-vgpu_513.46_xml',
    what: 'GRID vGPU: no power readings, 0 °C and 0 MHz as reported',
    count: 1,
    gpu: 0,
    expected: {
      tags: { gpu: '0', uuid: 'GPU-1b1ea7c7-1c4b-ed49-1c72-26c65f2dd207', model: 'GRID P4-1Q' },
      fields: {
        temperature_c: 0,
        utilization_pct: 0,
        memory_used_mib: 807,
        memory_total_mib: 1024,
        sm_clock_mhz: 0,
        mem_clock_mhz: 0,
        encoder_pct: 0,
        decoder_pct: 0,
        pstate: 8,
      },
    },
  },
];

function fieldsOf(line: ParsedLine | undefined) {
  return line && { tags: line.tags, fields: line.fields };
}

describe('nvidia-smi source over recorded outputs', () => {
  it.each(CASES)('$slug ($what)', async ({ slug, count, gpu, expected }) => {
    const { gpus, services } = await gatherFrom(slug);
    expect(gpus).toHaveLength(count);
    expect(fieldsOf(gpus[gpu])).toEqual(expected);
    for (const name of ['throttled', 'ecc_errors']) {
      if (name in expected.fields) expect(gpus[gpu]?.intFields).toContain(name);
    }
    expect(gpus.every((line) => line.timestamp === NOW.getTime())).toBe(true);
    expect(services.map((line) => [line.tags.name, line.fields.up])).toEqual([
      ['nvidia_driver', 1],
    ]);
  });

  it.each(['idle', 'load'])(
    'writes what the collector printed on the real H200 (%s), with the same tags and types',
    async (state) => {
      const slug = `nvidia-h200_580.159.04_linux_${state}`;
      const printed = (await readFile(rawCapture(`${slug}.collector-sample.lp`), 'utf8'))
        .split('\n')
        .filter((line) => line.startsWith('gpu,'))
        .map(parseLine)[0]!;
      const [ours] = (await gatherFrom(slug)).gpus;
      expect(ours?.tags).toEqual(printed.tags);
      // That collector predates the health fields: ours are the same plus those.
      const printedKeys = Object.keys(printed.fields);
      expect(
        Object.keys(ours!.fields)
          .filter((name) => !HEALTH_FIELDS.includes(name))
          .sort(),
      ).toEqual(printedKeys.sort());
      expect(ours?.intFields.filter((name) => printedKeys.includes(name)).sort()).toEqual(
        printed.intFields.sort(),
      );
      // Printed a few seconds after the capture: close to, not equal with, the captured values.
      for (const [name, value] of Object.entries(printed.fields)) {
        const difference = Math.abs((ours!.fields[name] as number) - (value as number));
        expect(difference, name).toBeLessThanOrEqual(Math.max(1, 0.02 * (value as number)));
      }
    },
  );

  it('reads every GPU health field from the real H200 under load, each with its schema type', async () => {
    const { gpus, services } = await gatherFrom('nvidia-h200_580.159.04_linux_load');
    const [gpu] = gpus;
    for (const name of HEALTH_FIELDS) {
      expect(gpu?.fields[name], name).toEqual(expect.any(Number));
      const written = gpu?.intFields.includes(name) ? 'int' : 'float';
      expect(written, name).toBe(MEASUREMENTS.gpu.fields[name as GpuField].type);
    }
    expect(services.map((line) => line.fields.up)).toEqual([1]);
  });

  it('reads none of the health fields from an old driver, and asks it nothing it does not know', async () => {
    const slug = 'unknown-2gb-gpu_older-driver_fan-not-supported_i3pystatus-pr-776';
    const { gpus, services } = await gatherFrom(slug);
    expect(gpus).toHaveLength(1);
    expect(Object.keys(gpus[0]!.fields).filter((name) => HEALTH_FIELDS.includes(name))).toEqual([]);
    expect(services.map((line) => line.fields.up)).toEqual([1]);
    const query = (await fake!.calls()).find((call) => call.startsWith('--query-gpu='));
    expect(query).not.toMatch(/pstate|pcie|counters|remapped|tlimit|temperature\.memory/);
  });

  it('tags every GPU of a multi-GPU box with its own index and uuid', async () => {
    const { gpus } = await gatherFrom('8x-tesla-v100s-pcie-32gb_460.73.01_xml');
    expect(gpus.map((line) => line.tags.gpu)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(new Set(gpus.map((line) => line.tags.uuid)).size).toBe(8);
    expect(gpus[1]?.fields).toMatchObject({
      temperature_c: 58,
      power_w: 152.03,
      utilization_pct: 75,
    });
  });

  it('numbers GPUs by row when the driver has no index, keeping two different models apart', async () => {
    const { gpus } = await gatherFrom('2x-geforce-gtx-1080-ti+gtx-1060-6gb_bpytop-issue-26');
    expect(gpus.map((line) => [line.tags.gpu, line.tags.model])).toEqual([
      ['0', 'GeForce GTX 1080 Ti'],
      ['1', 'GeForce GTX 1060 6GB'],
    ]);
    expect(gpus[1]?.fields).toMatchObject({
      power_w: 5.68,
      utilization_pct: 0,
      mem_clock_mhz: 405,
    });
  });

  it('asks an old driver only for fields it knows (clocks_throttle_reasons.*)', async () => {
    await gatherFrom('quadro-p400_418.43_xml');
    const query = (await fake!.calls()).find((call) => call.startsWith('--query-gpu='));
    expect(query).toContain('clocks_throttle_reasons.hw_slowdown');
    expect(query).not.toContain('clocks_event_reasons');
    expect(query).not.toContain('power.draw.instant');
  });

  it('asks a new driver for clocks_event_reasons.* and puts the name last', async () => {
    await gatherFrom('nvidia-geforce-rtx-2080-super_610.57.04_linux_load');
    const query = (await fake!.calls()).find((call) => call.startsWith('--query-gpu='));
    expect(query).toContain('clocks_event_reasons.hw_thermal_slowdown');
    expect(query).toMatch(/,name --format=csv,noheader,nounits$/);
  });

  it('reports throttled = 1 when a thermal slowdown is Active', async () => {
    fake = await installFakeNvidiaSmi(
      nvidiaFixture('nvidia-h100-80gb-hbm3_590.48.01_linux_load'),
      (fixture) => {
        fixture.gpus[0]!['clocks_event_reasons.sw_thermal_slowdown'] = 'Active';
        fixture.gpus[0]!['name'] = 'NVIDIA H100, engineering sample';
      },
    );
    const source = createNvidiaSmiSource({ binary: fake.binary, readXids: noXids });
    const [gpu] = encodeLines(await source.gather(NOW)).map(parseLine);
    expect(gpu?.fields).toMatchObject({ throttled: 1, power_w: 631.95, utilization_pct: 100 });
    expect(gpu?.tags.model).toBe('NVIDIA H100, engineering sample');
  });

  it("counts each GPU's Xid lines by its PCI bus id, with the newest code", async () => {
    const xids = new Map([['0:0:d', { count: 2, last: 79 }]]);
    const { gpus } = await gatherFrom('8x-tesla-v100s-pcie-32gb_460.73.01_xml', {
      readXids: async () => xids,
    });
    expect(gpus.map((line) => line.fields.xid_errors)).toEqual([2, 0, 0, 0, 0, 0, 0, 0]);
    expect(gpus.map((line) => line.fields.xid_last)).toEqual([79, ...Array(7).fill(undefined)]);
    expect(gpus[0]?.intFields).toEqual(expect.arrayContaining(['xid_errors', 'xid_last']));
  });

  it('lists GPUs for enrollment', async () => {
    fake = await installFakeNvidiaSmi(nvidiaFixture('2x-nvidia-rtx-a5000_590.44.01_xml'));
    const source = createNvidiaSmiSource({ binary: fake.binary, readXids: noXids });
    expect(await source.listGpus(NOW)).toEqual([
      {
        index: 0,
        uuid: 'GPU-12345678-aaaa-bbbb-cccc-0123456789ab',
        model: 'NVIDIA RTX A5000',
        memoryTotalMiB: 24564,
      },
      {
        index: 1,
        uuid: 'GPU-12345678-aaaa-bbbb-cccc-0123456789cd',
        model: 'NVIDIA RTX A5000',
        memoryTotalMiB: 24564,
      },
    ]);
  });
});

describe('nvidia-smi source when the driver fails', () => {
  const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
  const driverState = async (source: ReturnType<typeof createNvidiaSmiSource>, time: Date) => {
    const lines = encodeLines(await source.gather(time)).map(parseLine);
    return {
      up: lines.find((line) => line.tags.name === 'nvidia_driver')?.fields.up,
      gpus: lines.filter((line) => line.measurement === 'gpu').length,
    };
  };

  it('reports the driver down instead of throwing, and backs off before asking again', async () => {
    fake = await installFakeNvidiaSmi(nvidiaFixture('tesla-t4_515.105.01_xml'));
    await fake.setMode('fail');
    const source = createNvidiaSmiSource({ binary: fake.binary, readXids: noXids });
    expect(await driverState(source, at(0))).toEqual({ up: 0, gpus: 0 });
    expect(await driverState(source, at(10))).toEqual({ up: 0, gpus: 0 });
    const callsAfterTwoFailures = (await fake.calls()).length;
    // Second failure: wait 10 s before the next try.
    expect(await driverState(source, at(15))).toEqual({ up: 0, gpus: 0 });
    expect((await fake.calls()).length).toBe(callsAfterTwoFailures);
    await fake.setMode(undefined);
    expect(await driverState(source, at(21))).toEqual({ up: 1, gpus: 1 });
  });

  it('gives up on a hung nvidia-smi after its timeout', async () => {
    fake = await installFakeNvidiaSmi(nvidiaFixture('tesla-t4_515.105.01_xml'));
    await fake.setMode('hang');
    const source = createNvidiaSmiSource({ binary: fake.binary, readXids: noXids, timeoutMs: 500 });
    const started = Date.now();
    expect(await driverState(source, at(0))).toEqual({ up: 0, gpus: 0 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
