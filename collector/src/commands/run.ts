import { parseArgs } from 'node:util';
import { startAgentLoop } from '../agent/agent-loop.js';
import { defaultFlushMs, MAX_FLUSH_INTERVALS } from '../agent/flush-interval.js';
import { createSampler } from '../agent/sampler.js';
import { DiskLog } from '../buffer/disk-log.js';
import { readConfig, type CollectorConfig } from '../config/config-file.js';
import { resolveBufferDir, resolveConfigPath } from '../config/config-paths.js';
import { agentVersion } from '../lib/agent-version.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { createInfluxWriter } from '../shipping/influx-writer.js';
import { Shipper } from '../shipping/shipper.js';
import { createHostSource } from '../sources/host/host-source.js';
import { createServicesSource } from '../sources/services/services-source.js';
import { CommandError, numberOption, print, usageErrors } from './cli-args.js';
import { createGpuSource, parseSourceFlags, SOURCE_OPTIONS } from './gpu-source.js';
import { WATCH_HELP, WATCH_OPTIONS, watchedServices } from './watch-option.js';

export const RUN_HELP = `Usage: io-worker-collector run [options]

Samples every interval and sends the samples to the IO Worker API until stopped. Each sample
is first appended to a bounded on-disk buffer; it leaves the buffer only once the API has
acknowledged it, so an outage or a restart loses nothing. SIGTERM or SIGINT stops sampling,
tries for about 5 s to send what is buffered, and exits 0.

Options:
  --interval SECONDS  time between samples (default: 10)
  --flush-interval SECONDS
                      time between sends, from the interval to twice it (the API shows a
                      device offline after three intervals without a send) (default: twice
                      the interval, at most 10 s)
  --source SOURCE     auto (NVML when it loads, else nvidia-smi), nvml, nvidia-smi or
                      simulated (default: auto)
  --gpus N            simulated GPUs (default: 2)
  --seed N            seed of the simulation (default: 1)
  --nvidia-smi PATH   the nvidia-smi executable (default: found on PATH)
${WATCH_HELP}  --buffer-mb MB      bound of the on-disk buffer; the oldest samples go first (default: 100)
  --buffer-dir DIR    buffer directory (default: $IOW_BUFFER_DIR, /var/lib/io-worker/buffer
                      with the system config, else "buffer" beside the config file)
  --config FILE       config file written by enroll (default: $IOW_CONFIG,
                      /etc/io-worker/collector.json as root, else ~/.config/io-worker/collector.json)
  -h, --help          show this help
`;

const OPTIONS = {
  interval: { type: 'string' },
  'flush-interval': { type: 'string' },
  ...SOURCE_OPTIONS,
  ...WATCH_OPTIONS,
  'buffer-mb': { type: 'string' },
  'buffer-dir': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FLUSH_ON_STOP_MS = 5_000;

/**
 * Resolves on the first SIGTERM or SIGINT; the same signal again exits at once. The other one
 * does not: a terminal's Ctrl-C reaches every process in its group, and a parent that stops its
 * collectors (`npm start`) sends SIGTERM too, one request to stop from two senders.
 */
function untilStopSignal(logger: Logger): Promise<string> {
  return new Promise((resolve) => {
    let first: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (signal === first) {
        logger.warn(`${signal} again: exiting now; unsent samples stay on disk`);
        process.exit(0);
      }
      if (first) return;
      first = signal;
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

async function loadEnrollment(configPath: string): Promise<CollectorConfig> {
  const config = await readConfig(configPath);
  if (!config) {
    throw new CommandError(
      `This machine is not enrolled (no ${configPath}): run io-worker-collector enroll --api URL --token TOKEN first.`,
    );
  }
  return config;
}

export async function runCommand(args: string[]): Promise<number> {
  const { values } = usageErrors(() =>
    parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }),
  );
  if (values.help) {
    await print(RUN_HELP);
    return 0;
  }
  const intervalS = numberOption(values.interval, '--interval', {
    min: 1,
    max: 3600,
    fallback: 10,
  });
  const intervalMs = Math.round(intervalS * 1000);
  const flushEveryMs = Math.round(
    numberOption(values['flush-interval'], '--flush-interval', {
      min: intervalS,
      max: MAX_FLUSH_INTERVALS * intervalS,
      fallback: defaultFlushMs(intervalMs) / 1000,
    }) * 1000,
  );
  const bufferMb = numberOption(values['buffer-mb'], '--buffer-mb', {
    min: 1,
    max: 1_000_000,
    fallback: 100,
  });
  const logger = createLogger();
  const gpuSource = await createGpuSource(parseSourceFlags(values), logger, { intervalMs });
  const configPath = resolveConfigPath({ flag: values.config });
  let config = await loadEnrollment(configPath);
  const watched = watchedServices(values.watch, config.watch);
  const bufferDir = resolveBufferDir({ flag: values['buffer-dir'], configPath });

  const log = await DiskLog.open({
    dir: bufferDir,
    maxBytes: bufferMb * 1024 * 1024,
    logger,
  }).catch((error: unknown) => {
    throw new CommandError(`Cannot use the buffer ${bufferDir}: ${(error as Error).message}`);
  });
  const shipper = new Shipper({
    log,
    writer: createInfluxWriter({ url: config.ingestUrl, token: config.credential }),
    // Only a safety net: the agent loop wakes it every flush interval.
    intervalMs: flushEveryMs + intervalMs,
    logger,
    // Re-enrolling while this runs writes a new credential to the config file: pick it up.
    async renewWriter() {
      const fresh = await readConfig(configPath);
      if (
        !fresh ||
        (fresh.credential === config.credential && fresh.ingestUrl === config.ingestUrl)
      ) {
        return undefined;
      }
      config = fresh;
      return createInfluxWriter({ url: fresh.ingestUrl, token: fresh.credential });
    },
  });
  const sampler = createSampler({
    sources: [gpuSource, createServicesSource({ apiUrl: config.apiUrl, watched })],
    host: createHostSource(),
    health: () => {
      const { bufferedPoints, droppedPoints } = log.stats();
      return { intervalS, bufferedPoints, droppedPoints };
    },
    logger,
  });

  const stopSignal = untilStopSignal(logger);
  const { bufferedPoints } = log.stats();
  logger.info(
    `io-worker-collector ${agentVersion()} started: device ${config.deviceId}, source ${gpuSource.name}, ` +
      `every ${intervalS} s, sending every ${flushEveryMs / 1000} s, buffer ${bufferDir}${bufferedPoints > 0 ? ` (${bufferedPoints} points to send)` : ''}`,
  );
  shipper.start();
  const loop = startAgentLoop({ sampler, log, shipper, intervalMs, flushEveryMs, logger });

  const signal = await stopSignal;
  logger.info(`${signal}: stopping, sending what is buffered`);
  await loop.stop();
  const emptied = await shipper.stop({ timeoutMs: FLUSH_ON_STOP_MS });
  await gpuSource.stop?.();
  const left = log.stats().bufferedPoints;
  await log.close();
  logger.info(
    emptied || left === 0
      ? 'stopped; everything was sent'
      : `stopped; ${left} points stay buffered on disk`,
  );
  return 0;
}
