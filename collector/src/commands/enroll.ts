import os from 'node:os';
import { parseArgs } from 'node:util';
import { readConfig, writeConfig } from '../config/config-file.js';
import { resolveConfigPath } from '../config/config-paths.js';
import { createStderrLogger, type Logger } from '../lib/logger.js';
import type { GpuSource } from '../sources/source.js';
import { CommandError, print, requireOption, usageErrors, UsageError } from './cli-args.js';
import { createGpuSource, parseSourceFlags, SOURCE_OPTIONS } from './gpu-source.js';
import { readMachineId } from './machine-id.js';
import { describeOs, listGpus } from './node-facts.js';

export const ENROLL_HELP = `Usage: io-worker-collector enroll --api URL --token TOKEN [options]
       io-worker-collector enroll --api URL --fleet-token TOKEN [options]

Registers this machine with IO Worker using a single-use enrollment token (from "Add device"
in the app), or a fleet token for many machines (Settings → Fleet tokens), and stores the
device credential in the config file, readable by its owner only. Enrolling again replaces the
stored credential; with a fleet token, this machine (by its machine id) stays one device.

Options:
  --api URL           the IO Worker API, e.g. https://api.example.com
  --token TOKEN       the enrollment token (single use, valid for 1 hour)
  --fleet-token TOKEN a fleet token (iowf_…): each machine becomes one device, named after
                      its hostname
  --machine-id-file FILE
                      read the machine id from FILE (default: /etc/machine-id, on Windows
                      the registry's MachineGuid); a Kubernetes pod mounts the host's
                      /etc/machine-id and names it here
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
  'fleet-token': { type: 'string' },
  'machine-id-file': { type: 'string' },
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

/** The token part of the request: `--token`, or `--fleet-token` with this machine's id. */
async function tokenFields(values: {
  token?: string;
  'fleet-token'?: string;
  'machine-id-file'?: string;
}) {
  if ((values.token === undefined) === (values['fleet-token'] === undefined)) {
    throw new UsageError('give either --token or --fleet-token');
  }
  if (values.token !== undefined) {
    if (values['machine-id-file'] !== undefined) {
      throw new UsageError('--machine-id-file goes with --fleet-token');
    }
    return { token: requireOption(values.token, '--token') };
  }
  const fleetToken = requireOption(values['fleet-token'], '--fleet-token');
  return { fleetToken, machineId: await readMachineId(values['machine-id-file']) };
}

function refusal(status: number, fleet: boolean, body: unknown): CommandError | undefined {
  if (status === 401) {
    return new CommandError(
      fleet
        ? 'The fleet token was refused: it has expired or was revoked. Create a new one in the app (Settings → Fleet tokens) and run enroll again.'
        : 'The enrollment token was refused: it was already used or has expired. Create a new one in the app (Add device) and run enroll again.',
    );
  }
  if (status === 403 && fleet) {
    return new CommandError(
      `The fleet token was refused: ${errorMessage(body) ?? 'it has enrolled as many machines as it may'}`,
    );
  }
  return undefined;
}

async function postEnrollment(api: string, request: object, fleet: boolean): Promise<Enrolled> {
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
  const refused = refusal(response.status, fleet, body);
  if (refused) throw refused;
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
  const tokens = await tokenFields(values);
  const flags = parseSourceFlags(values);
  const configPath = resolveConfigPath({ flag: values.config });
  const logger = createStderrLogger();

  const source: GpuSource | undefined = await enrollmentGpuSource(flags, logger);
  const gpus = await listGpus(source, logger);
  const enrolled = await postEnrollment(
    api,
    { ...tokens, hostname: os.hostname().slice(0, 253) || 'unknown', os: await describeOs(), gpus },
    'fleetToken' in tokens,
  );
  const previous = await readConfig(configPath).catch(() => undefined);
  try {
    // The watch list is the operator's: enrolling again must not drop it.
    await writeConfig(configPath, { apiUrl: api, ...enrolled, watch: previous?.watch });
  } catch (error) {
    throw new CommandError(
      `Enrolled as device ${enrolled.deviceId}, but could not write ${configPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run enroll again as a user who can (with a new token, unless it is a fleet token).`,
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
