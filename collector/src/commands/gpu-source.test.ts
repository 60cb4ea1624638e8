import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../lib/logger.js';
import { loadNvml } from '../sources/nvml/koffi-nvml.js';
import { createFakeNvml, recordedH200 } from '../test-support/fake-nvml.js';
import {
  installFakeNvidiaSmi,
  nvidiaFixture,
  type FakeNvidiaSmi,
} from '../test-support/fixtures.js';
import { CommandError } from './cli-args.js';
import { createGpuSource, NO_NVIDIA_SMI, parseSourceFlags } from './gpu-source.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const missingNvml = () => loadNvml(path.join('/nonexistent', 'libnvidia-ml.so.1'));
const recordedNvml = async () => ({ nvml: createFakeNvml([recordedH200()]) });

let fake: FakeNvidiaSmi | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  await fake?.cleanup();
  fake = undefined;
});

describe('choosing the GPU source', () => {
  it('auto reads NVML when its library loads', async () => {
    const source = await createGpuSource(parseSourceFlags({}), silentLogger, {
      loadNvml: recordedNvml,
    });
    expect(source.name).toBe('nvml');
    expect((await source.listGpus(NOW)).map((gpu) => gpu.model)).toEqual(['NVIDIA H200']);
  });

  it('auto falls back to nvidia-smi on PATH when the library is missing', async () => {
    fake = await installFakeNvidiaSmi(nvidiaFixture('tesla-t4_515.105.01_xml'));
    // The fake is a node script: node's folder stays on PATH.
    vi.stubEnv('PATH', [fake.dir, path.dirname(process.execPath)].join(path.delimiter));
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const source = await createGpuSource(parseSourceFlags({}), logger, {
      loadNvml: missingNvml,
    });
    expect(source.name).toBe('nvidia-smi');
    expect((await source.listGpus(NOW)).map((gpu) => gpu.model)).toEqual(['Tesla T4']);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^NVML not used \(.*libnvidia-ml\.so\.1.*\): reading the GPUs with nvidia-smi$/,
      ),
    );
  });

  it('auto with neither says what to do', async () => {
    vi.stubEnv('PATH', path.dirname(process.execPath));
    await expect(
      createGpuSource(parseSourceFlags({}), silentLogger, { loadNvml: missingNvml }),
    ).rejects.toThrow(NO_NVIDIA_SMI);
  });

  it('a named nvidia-smi, or --source nvidia-smi, never loads NVML', async () => {
    fake = await installFakeNvidiaSmi(nvidiaFixture('tesla-t4_515.105.01_xml'));
    const loadNvmlSpy = vi.fn(recordedNvml);
    for (const flags of [
      { 'nvidia-smi': fake.binary },
      { source: 'nvidia-smi', 'nvidia-smi': fake.binary },
    ]) {
      const source = await createGpuSource(parseSourceFlags(flags), silentLogger, {
        loadNvml: loadNvmlSpy,
      });
      expect(source.name).toBe('nvidia-smi');
    }
    expect(loadNvmlSpy).not.toHaveBeenCalled();
  });

  it('--source nvml without the library fails with the reason', async () => {
    const attempt = createGpuSource(parseSourceFlags({ source: 'nvml' }), silentLogger, {
      loadNvml: missingNvml,
    });
    await expect(attempt).rejects.toBeInstanceOf(CommandError);
    await expect(attempt).rejects.toThrow(/^NVML could not be loaded \(.*libnvidia-ml\.so\.1/);
  });
});
