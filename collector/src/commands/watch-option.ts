import { parseWatchList, type WatchedService } from '../sources/services/watch-list.js';
import { UsageError } from './cli-args.js';

export const WATCH_OPTIONS = { watch: { type: 'string', multiple: true } } as const;

export const WATCH_HELP = `  --watch KIND:NAME   also report a service up or down every 30 s; repeat it or separate
                      entries by commas; adds to the config file's "watch" list. KIND is
                      systemd (a unit), windows (a service) or container (a Docker container
                      by name; needs the docker group). At most 29 names of A-Z a-z 0-9 _ . : / -
`;

/** The config file's watch list and the `--watch` flags together, each service once. */
export function watchedServices(
  flags: readonly string[] | undefined,
  configured: readonly string[] | undefined,
): WatchedService[] {
  const { watched, problems } = parseWatchList([...(configured ?? []), ...(flags ?? [])]);
  if (problems.length > 0) throw new UsageError(`--watch: ${problems.join('; ')}`);
  return watched;
}
