import { runCommand, type CommandRunner } from '../../lib/run-command.js';
import { servicePoint } from '../../telemetry/points.js';
import type { Source } from '../source.js';

const COMMAND_TIMEOUT_MS = 3_000;
const API_TIMEOUT_MS = 3_000;

/** States `systemctl is-active` prints for a unit that is not running. */
const INACTIVE_STATES = new Set(['inactive', 'failed', 'activating', 'deactivating', 'unknown']);

/**
 * Whether the Docker engine runs, asked of the service manager (no docker group needed).
 * Undefined when it cannot be told: no service manager, or not Linux/Windows.
 */
export async function dockerIsUp(
  run: CommandRunner = runCommand,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean | undefined> {
  if (platform === 'linux') {
    const result = await run('systemctl', ['is-active', 'docker'], {
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    if (result.code === 0) return true;
    // No stdout means systemctl could not ask systemd (e.g. a container without it).
    return INACTIVE_STATES.has(result.stdout.trim()) ? false : undefined;
  }
  if (platform === 'win32') {
    const result = await run('sc.exe', ['query', 'docker'], { timeoutMs: COMMAND_TIMEOUT_MS });
    if (result.missing || result.timedOut) return undefined;
    return /STATE\s*:\s*\d+\s+RUNNING/.test(result.stdout);
  }
  return undefined;
}

/** Whether the API answers `GET /healthz` with 200 within 3 s. */
export async function apiIsUp(apiUrl: string, fetchImpl: typeof fetch = fetch): Promise<boolean> {
  try {
    const response = await fetchImpl(`${apiUrl.replace(/\/+$/, '')}/healthz`, {
      signal: AbortSignal.timeout(API_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

export type ServicesSourceOptions = {
  /** Checked only when set (an enrolled collector). */
  apiUrl?: string | undefined;
  /** How often services are checked; between checks nothing is reported. */
  everyMs?: number;
  run?: CommandRunner;
  platform?: NodeJS.Platform;
  fetch?: typeof fetch;
};

/**
 * Measurement `service`: `docker` and `api`, each only where it can be told, checked every
 * 30 s by default: starting `systemctl` every second would cost a node more than all the
 * rest of a sample.
 */
export function createServicesSource(options: ServicesSourceOptions = {}): Source {
  const { apiUrl, run = runCommand, platform = process.platform, everyMs = 30_000 } = options;
  const fetchImpl = options.fetch ?? fetch;
  let lastCheck = Number.NEGATIVE_INFINITY;
  return {
    name: 'services',
    async gather(now) {
      if (now.getTime() - lastCheck < everyMs && now.getTime() >= lastCheck) return [];
      lastCheck = now.getTime();
      const [docker, api] = await Promise.all([
        dockerIsUp(run, platform),
        apiUrl === undefined ? undefined : apiIsUp(apiUrl, fetchImpl),
      ]);
      const points = [];
      if (docker !== undefined) points.push(servicePoint('docker', docker, now));
      if (api !== undefined) points.push(servicePoint('api', api, now));
      return points;
    },
  };
}
