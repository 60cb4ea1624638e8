import http from 'node:http';
import https from 'node:https';
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

/** The status of `GET url`, or a rejection when there is no answer within `timeoutMs`. */
export type HttpStatus = (url: string, timeoutMs: number) => Promise<number>;

/**
 * Over node:http(s), not fetch: the first fetch loads undici, which holds about 14 MiB of a
 * process that otherwise needs 50.
 */
export const httpStatus: HttpStatus = (url, timeoutMs) =>
  new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const request = get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.once('error', reject);
  });

/** Whether the API answers `GET /healthz` with 200 within 3 s. */
export async function apiIsUp(apiUrl: string, status: HttpStatus = httpStatus): Promise<boolean> {
  try {
    return (await status(`${apiUrl.replace(/\/+$/, '')}/healthz`, API_TIMEOUT_MS)) === 200;
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
  httpStatus?: HttpStatus;
};

/**
 * Measurement `service`: `docker` and `api`, each only where it can be told, checked every
 * 30 s by default: starting `systemctl` every second would cost a node more than all the
 * rest of a sample.
 */
export function createServicesSource(options: ServicesSourceOptions = {}): Source {
  const { apiUrl, run = runCommand, platform = process.platform, everyMs = 30_000 } = options;
  const status = options.httpStatus ?? httpStatus;
  let lastCheck = Number.NEGATIVE_INFINITY;
  return {
    name: 'services',
    async gather(now) {
      if (now.getTime() - lastCheck < everyMs && now.getTime() >= lastCheck) return [];
      lastCheck = now.getTime();
      const [docker, api] = await Promise.all([
        dockerIsUp(run, platform),
        apiUrl === undefined ? undefined : apiIsUp(apiUrl, status),
      ]);
      const points = [];
      if (docker !== undefined) points.push(servicePoint('docker', docker, now));
      if (api !== undefined) points.push(servicePoint('api', api, now));
      return points;
    },
  };
}
