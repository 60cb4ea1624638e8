import type { Logger } from '../lib/logger.js';
import { locateNvidiaSmi } from '../sources/nvidia-smi/locate-nvidia-smi.js';
import { createNvidiaSmiSource } from '../sources/nvidia-smi/nvidia-smi-source.js';
import { loadNvml as loadDriverNvml, type NvmlLoad } from '../sources/nvml/koffi-nvml.js';
import { createNvmlSource } from '../sources/nvml/nvml-source.js';
import { createSimulatedSource } from '../sources/simulated/simulated-source.js';
import type { GpuSource } from '../sources/source.js';
import { choiceOption, CommandError, numberOption } from './cli-args.js';

export const SOURCES = ['auto', 'nvml', 'nvidia-smi', 'simulated'] as const;
export type SourceChoice = (typeof SOURCES)[number];

/** parseArgs options shared by `run` and `sample`. */
export const SOURCE_OPTIONS = {
  source: { type: 'string' },
  gpus: { type: 'string' },
  seed: { type: 'string' },
  'nvidia-smi': { type: 'string' },
} as const;

export type SourceFlags = {
  source?: string | undefined;
  gpus?: string | undefined;
  seed?: string | undefined;
  'nvidia-smi'?: string | undefined;
};

export const NO_NVIDIA_SMI =
  'No nvidia-smi found (looked on PATH): install the NVIDIA driver, point --nvidia-smi at it, or use --source simulated for a demo.';

function notAt(file: string): string {
  return `No nvidia-smi found at ${file} (not an executable file); fix --nvidia-smi, or use --source simulated for a demo.`;
}

/** Validated source flags; `auto` is resolved later, by looking for nvidia-smi. */
export function parseSourceFlags(flags: SourceFlags) {
  return {
    source: choiceOption(flags.source, '--source', SOURCES, 'auto'),
    gpus: numberOption(flags.gpus, '--gpus', { min: 1, max: 64, integer: true, fallback: 2 }),
    seed: numberOption(flags.seed, '--seed', {
      min: 0,
      max: 2 ** 32 - 1,
      integer: true,
      fallback: 1,
    }),
    nvidiaSmi: flags['nvidia-smi'],
  };
}

export type GpuSourceOptions = {
  /** `run`'s sampling interval: nvidia-smi is then read from one long-lived process. */
  intervalMs?: number;
  loadNvml?: () => Promise<NvmlLoad>;
};

/**
 * The GPU source the flags ask for. `auto` means NVML when its library loads, else nvidia-smi
 * when it is found (PATH or `--nvidia-smi`; naming it skips NVML); without either, the
 * one-sentence error says what to do. For `run`, nvidia-smi is one long-lived `-lms` process,
 * with one process per sample as the last resort.
 */
export async function createGpuSource(
  flags: ReturnType<typeof parseSourceFlags>,
  logger: Logger,
  { intervalMs, loadNvml = loadDriverNvml }: GpuSourceOptions = {},
): Promise<GpuSource> {
  if (flags.source === 'simulated') {
    return createSimulatedSource({ gpus: flags.gpus, seed: flags.seed });
  }
  const tryNvml = flags.source === 'nvml' || (flags.source === 'auto' && !flags.nvidiaSmi);
  let nvmlMissing: string | undefined;
  if (tryNvml) {
    const loaded = await loadNvml();
    if ('nvml' in loaded) return createNvmlSource({ nvml: loaded.nvml, logger });
    if (flags.source === 'nvml') {
      throw new CommandError(
        `NVML could not be loaded (${loaded.reason}); use --source nvidia-smi, or auto.`,
      );
    }
    nvmlMissing = loaded.reason;
  }
  const binary = await locateNvidiaSmi({ explicit: flags.nvidiaSmi });
  if (!binary) throw new CommandError(flags.nvidiaSmi ? notAt(flags.nvidiaSmi) : NO_NVIDIA_SMI);
  // An operator asking why a node reads nvidia-smi finds the answer in its log.
  if (nvmlMissing) logger.info(`NVML not used (${nvmlMissing}): reading the GPUs with nvidia-smi`);
  return createNvidiaSmiSource({ binary, logger, loopIntervalMs: intervalMs });
}
