import { SERIES_BUDGET } from '@ioworker/contract/telemetry';

/** Where a watched service is asked about: systemd, the Windows service manager, or Docker. */
export const WATCH_KINDS = ['systemd', 'windows', 'container'] as const;
export type WatchKind = (typeof WATCH_KINDS)[number];

/** One service the operator named, as `kind:unit`; `name` is the `service` tag it reports. */
export type WatchedService = { kind: WatchKind; unit: string; name: string };

/** The services every collector may report by itself: docker, api and nvidia_driver. */
const BUILT_IN_SERVICES = 3;

/** The gateway's budget of service names per device, less the built-in ones. */
export const MAX_WATCHED = SERIES_BUDGET.serviceNames - BUILT_IN_SERVICES;

/** The gateway bounds every tag value to 128 characters. */
const MAX_NAME_LENGTH = 128;

/**
 * The gateway's `service.name` rule (`[A-Za-z0-9_.:/-]+`), and a first character that is a
 * letter or digit, so a unit can never be read as an option by systemctl, sc.exe or docker.
 */
const UNIT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/;

export const WATCH_SYNTAX = 'KIND:NAME, KIND one of systemd, windows, container';

function isWatchKind(kind: string): kind is WatchKind {
  return (WATCH_KINDS as readonly string[]).includes(kind);
}

function parseEntry(entry: string): WatchedService | string {
  const separator = entry.indexOf(':');
  const kind = separator < 0 ? '' : entry.slice(0, separator);
  const unit = entry.slice(separator + 1);
  if (!isWatchKind(kind)) return `"${entry}" is not ${WATCH_SYNTAX}`;
  if (!UNIT_PATTERN.test(unit)) {
    return `"${entry}": NAME must start with a letter or digit and hold only A-Z a-z 0-9 _ . : / -`;
  }
  if (entry.length > MAX_NAME_LENGTH)
    return `"${entry}" is longer than ${MAX_NAME_LENGTH} characters`;
  return { kind, unit, name: entry };
}

/**
 * Parses watch entries (each may list several, comma-separated), dropping repeats; `problems`
 * names every entry refused, and a list over the series budget.
 *
 * @example parseWatchList(['systemd:ray-worker,container:job-runtime'])
 */
export function parseWatchList(entries: readonly string[]): {
  watched: WatchedService[];
  problems: string[];
} {
  const byName = new Map<string, WatchedService>();
  const problems: string[] = [];
  for (const entry of entries.flatMap((each) => each.split(','))) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const parsed = parseEntry(trimmed);
    if (typeof parsed === 'string') problems.push(parsed);
    else byName.set(parsed.name, parsed);
  }
  if (byName.size > MAX_WATCHED) {
    problems.push(`at most ${MAX_WATCHED} services can be watched (${byName.size} given)`);
  }
  return { watched: [...byName.values()], problems };
}
