import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { runCommand, type CommandRunner } from '../../lib/run-command.js';
import { servicePoint } from '../../telemetry/points.js';
import type { Source } from '../source.js';
import type { WatchedService } from './watch-list.js';

const COMMAND_TIMEOUT_MS = 3_000;
const API_TIMEOUT_MS = 3_000;

/** States `systemctl is-active` prints for a unit that is not running. */
const INACTIVE_STATES = new Set(['inactive', 'failed', 'activating', 'deactivating', 'unknown']);

/** Whether systemd manages this machine: it creates /run/systemd/system at boot (sd_booted(3)). */
export function bootedWithSystemd(): boolean {
  return existsSync('/run/systemd/system');
}

/** Up, down, or undefined when it cannot be told. */
type ServiceState = boolean | undefined;

/**
 * The state of each systemd unit, in order, from one `systemctl is-active` (any user may ask).
 * Undefined for all when systemctl could not ask systemd: it then prints no line per unit.
 */
export async function systemdUnitsActive(
  units: readonly string[],
  run: CommandRunner,
): Promise<ServiceState[]> {
  const result = await run('systemctl', ['is-active', ...units], {
    timeoutMs: COMMAND_TIMEOUT_MS,
  });
  const states = result.stdout.split('\n').map((line) => line.trim());
  return units.map((_, index) => {
    const state = states[index] ?? '';
    if (state === 'active' || state === 'reloading') return true;
    return INACTIVE_STATES.has(state) ? false : undefined;
  });
}

/** Whether a Windows service runs, from `sc query` (any user may ask). */
export async function windowsServiceRuns(name: string, run: CommandRunner): Promise<ServiceState> {
  const result = await run('sc.exe', ['query', name], { timeoutMs: COMMAND_TIMEOUT_MS });
  if (result.missing || result.timedOut) return undefined;
  return /STATE\s*:\s*\d+\s+RUNNING/.test(result.stdout);
}

/**
 * Whether each container runs, by name, from one `docker inspect`. It needs the Docker socket
 * (root or the docker group); without it, or without docker, nothing can be told. A container
 * that does not exist does not run.
 */
export async function containersRunning(
  names: readonly string[],
  run: CommandRunner,
): Promise<ServiceState[]> {
  const result = await run(
    'docker',
    ['inspect', '--type', 'container', '--format', '{{.Name}} {{.State.Running}}', ...names],
    { timeoutMs: COMMAND_TIMEOUT_MS },
  );
  const running = new Map(
    result.stdout
      .split('\n')
      .map((line) => line.trim().split(' '))
      .filter((words) => words.length === 2)
      .map(([name = '', state]) => [name.replace(/^\//, ''), state === 'true']),
  );
  return names.map(
    (name) =>
      running.get(name) ??
      (result.stderr.includes(`No such container: ${name}`) ? false : undefined),
  );
}

/**
 * Whether the Docker engine runs, asked of the service manager (no docker group needed).
 * Undefined when it cannot be told: no service manager, or not Linux/Windows.
 */
export async function dockerIsUp(
  run: CommandRunner = runCommand,
  platform: NodeJS.Platform = process.platform,
  systemd: () => boolean = bootedWithSystemd,
): Promise<ServiceState> {
  if (platform === 'linux') {
    // Without systemd, systemctl can only fail: starting it would cost a fork of this process.
    if (!systemd()) return undefined;
    const [docker] = await systemdUnitsActive(['docker'], run);
    return docker;
  }
  if (platform === 'win32') return windowsServiceRuns('docker', run);
  return undefined;
}

/**
 * The state of each watched service, by its tag name. A kind this machine has no manager for
 * (systemd off Linux, Windows services off Windows) cannot be told.
 */
export async function watchedStates(
  watched: readonly WatchedService[],
  run: CommandRunner,
  platform: NodeJS.Platform,
  systemd: () => boolean,
): Promise<Map<string, ServiceState>> {
  const ofKind = (kind: WatchedService['kind']) => watched.filter((each) => each.kind === kind);
  const units = platform === 'linux' && systemd() ? ofKind('systemd') : [];
  const windows = platform === 'win32' ? ofKind('windows') : [];
  const containers = ofKind('container');
  const [unitStates, windowsStates, containerStates] = await Promise.all([
    units.length > 0
      ? systemdUnitsActive(
          units.map((each) => each.unit),
          run,
        )
      : [],
    Promise.all(windows.map((each) => windowsServiceRuns(each.unit, run))),
    containers.length > 0
      ? containersRunning(
          containers.map((each) => each.unit),
          run,
        )
      : [],
  ]);
  const states = new Map<string, ServiceState>();
  const record = (services: WatchedService[], found: ServiceState[]) =>
    services.forEach((service, index) => states.set(service.name, found[index]));
  record(units, unitStates);
  record(windows, windowsStates);
  record(containers, containerStates);
  return states;
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
  /** Whether systemd runs the machine (default: `bootedWithSystemd`). */
  systemd?: () => boolean;
  httpStatus?: HttpStatus;
  /** Services the operator named (`--watch`, the config file's `watch`). */
  watched?: readonly WatchedService[];
};

/**
 * Measurement `service`: `docker`, `api` and the watched services (tagged `kind:unit`), each
 * only where it can be told, checked every
 * 30 s by default: starting `systemctl` every second would cost a node more than all the
 * rest of a sample.
 */
export function createServicesSource(options: ServicesSourceOptions = {}): Source {
  const { apiUrl, run = runCommand, platform = process.platform, everyMs = 30_000 } = options;
  const watched = options.watched ?? [];
  const systemd = options.systemd ?? bootedWithSystemd;
  const status = options.httpStatus ?? httpStatus;
  let lastCheck = Number.NEGATIVE_INFINITY;
  return {
    name: 'services',
    async gather(now) {
      if (now.getTime() - lastCheck < everyMs && now.getTime() >= lastCheck) return [];
      lastCheck = now.getTime();
      const [docker, api, others] = await Promise.all([
        dockerIsUp(run, platform, systemd),
        apiUrl === undefined ? undefined : apiIsUp(apiUrl, status),
        watchedStates(watched, run, platform, systemd),
      ]);
      const states = new Map([['docker', docker], ['api', api], ...others]);
      return [...states]
        .filter((entry): entry is [string, boolean] => entry[1] !== undefined)
        .map(([name, up]) => servicePoint(name, up, now));
    },
  };
}
