import { parseArgs } from 'node:util';
import { readConfig } from '../config/config-file.js';
import { resolveConfigPath } from '../config/config-paths.js';
import { createSampler } from '../agent/sampler.js';
import { createStderrLogger } from '../lib/logger.js';
import { createHostSource } from '../sources/host/host-source.js';
import { createServicesSource } from '../sources/services/services-source.js';
import { encodeLines } from '../telemetry/encode-lines.js';
import { print, usageErrors } from './cli-args.js';
import { createGpuSource, parseSourceFlags, SOURCE_OPTIONS } from './gpu-source.js';
import { WATCH_HELP, WATCH_OPTIONS, watchedServices } from './watch-option.js';

export const SAMPLE_HELP = `Usage: io-worker-collector sample [options]

Takes one sample and prints it as InfluxDB line protocol (gpu, host and service lines) to
stdout. Needs no enrollment; when the machine is enrolled, the API's health is included.

Options:
  --source SOURCE     auto (NVML when it loads, else nvidia-smi), nvml, nvidia-smi or
                      simulated (default: auto)
  --gpus N            simulated GPUs (default: 2)
  --seed N            seed of the simulation (default: 1)
  --nvidia-smi PATH   the nvidia-smi executable (default: found on PATH)
${WATCH_HELP}  --config FILE       config file, for the API check (default: as for enroll)
  -h, --help          show this help
`;

const OPTIONS = {
  ...SOURCE_OPTIONS,
  ...WATCH_OPTIONS,
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function sampleCommand(args: string[]): Promise<number> {
  const { values } = usageErrors(() =>
    parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }),
  );
  if (values.help) {
    await print(SAMPLE_HELP);
    return 0;
  }
  const logger = createStderrLogger();
  const gpuSource = await createGpuSource(parseSourceFlags(values), logger);
  const config = await readConfig(resolveConfigPath({ flag: values.config })).catch(
    () => undefined,
  );
  const watched = watchedServices(values.watch, config?.watch);
  const sampler = createSampler({
    sources: [gpuSource, createServicesSource({ apiUrl: config?.apiUrl, watched })],
    host: createHostSource(),
    logger,
  });
  const lines = encodeLines(await sampler.sample(new Date()));
  await print(lines.map((line) => `${line}\n`).join(''));
  return 0;
}
