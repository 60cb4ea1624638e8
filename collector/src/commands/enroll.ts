import os from 'node:os';
import { parseArgs } from 'node:util';
import { readConfig, writeConfig } from '../config/config-file.js';
import { resolveConfigPath } from '../config/config-paths.js';
import { createStderrLogger, type Logger } from '../lib/logger.js';
import type { GpuSource } from '../sources/source.js';
import { CommandError, print, requireOption, usageErrors, UsageError } from './cli-args.js';
import { createGpuSource, parseSourceFlags, SOURCE_OPTIONS } from './gpu-source.js';
import { describeOs, listGpus } from './node-facts.js';

export const ENROLL_HELP = `Usage: io-worker-collector enroll --api URL --token TOKEN [options]

Registers this machine with IO Worker using a single-use enrollment token (from "Add device"
in the app) and stores the device credential in the config file, readable by its owner only.
Enrolling again replaces the stored credential.

Options:
  --api URL           the IO Worker API, e.g. https://api.example.com
  --token TOKEN       the enrollment token (single use, valid for 1 hour)
  --config FILE       config file (default: $IOW_CONFIG, /etc/io-worker/collector.json as
                      root, else ~/.config/io-worker/collector.json)
  --source SOURCE     where to list GPUs from: auto (NVML, else nvidia-smi when found,
                      else none), nvml, nvidia-smi, or simulated (default: auto)
  --gpus N            simulated GPUs to report (default: 2)
  --nvidia-smi PATH   the nvidia-smi executable (default: found on PATH)
  -h, --help          show this help
`;

const OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  config: { type: 'string' },
  ...SOURCE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

type Enrolled = { deviceId: string; credential: string; ingestUrl: string };

function apiBase(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError('--api must be a URL such as https://api.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('--api must be an http(s) URL');
  }
  return url.href.replace(/\/+$/, '');
}

async function enrollmentGpuSource(flags: ReturnType<typeof parseSourceFlags>, logger: Logger) {
  try {
    return await createGpuSource(flags, logger);
  } catch (error) {
    // A machine without GPUs can enrol: `auto` without NVML or nvidia-smi lists none.
    if (flags.source === 'auto' && error instanceof CommandError) return undefined;
    throw error;
  }
}

function errorMessage(body: unknown): string | undefined {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' ? message : undefined;
}

async function postEnrollment(api: string, request: object): Promise<Enrolled> {
  let response: Response;
  try {
    response = await fetch(`${api}/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CommandError(`Could not reach the API at ${api} (${cause}).`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status === 401) {
    throw new CommandError(
      'The enrollment token was refused: it was already used or has expired. Create a new one in the app (Add device) and run enroll again.',
    );
  }
  if (response.status !== 201) {
    const detail = errorMessage(body);
    throw new CommandError(
      `Enrollment failed: the API answered ${response.status}${detail ? ` (${detail})` : ''}.`,
    );
  }
  const enrolled = body as Partial<Enrolled> | undefined;
  if (
    typeof enrolled?.deviceId !== 'string' ||
    typeof enrolled.credential !== 'string' ||
    typeof enrolled.ingestUrl !== 'string'
  ) {
    throw new CommandError('Enrollment failed: the API answered without a device credential.');
  }
  return {
    deviceId: enrolled.deviceId,
    credential: enrolled.credential,
    ingestUrl: enrolled.ingestUrl,
  };
}

export async function enrollCommand(args: string[]): Promise<number> {
  const { values } = usageErrors(() =>
    parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }),
  );
  if (values.help) {
    await print(ENROLL_HELP);
    return 0;
  }
  const api = apiBase(requireOption(values.api, '--api'));
  const token = requireOption(values.token, '--token');
  const flags = parseSourceFlags(values);
  const configPath = resolveConfigPath({ flag: values.config });
  const logger = createStderrLogger();

  const source: GpuSource | undefined = await enrollmentGpuSource(flags, logger);
  const gpus = await listGpus(source, logger);
  const enrolled = await postEnrollment(api, {
    token,
    hostname: os.hostname().slice(0, 253) || 'unknown',
    os: await describeOs(),
    gpus,
  });
  const previous = await readConfig(configPath).catch(() => undefined);
  try {
    await writeConfig(configPath, { apiUrl: api, ...enrolled });
  } catch (error) {
    throw new CommandError(
      `Enrolled as device ${enrolled.deviceId}, but could not write ${configPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run enroll again with a new token as a user who can.`,
    );
  }
  const replaced = previous ? ' (replacing the previous credential)' : '';
  await print(
    `Enrolled this machine as device ${enrolled.deviceId} with ${gpus.length} GPU${gpus.length === 1 ? '' : 's'}.\n` +
      `Saved the credential to ${configPath}${replaced}.\n` +
      'Start sending metrics with: io-worker-collector run\n',
  );
  return 0;
}
