import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../lib/atomic-write.js';
import { parseWatchList } from '../sources/services/watch-list.js';

/** What enrollment stores. The credential is a secret: it is never printed or logged. */
export type CollectorConfig = {
  apiUrl: string;
  deviceId: string;
  credential: string;
  ingestUrl: string;
  /** Services to watch besides the built-in ones, as `KIND:NAME` (written by hand). */
  watch?: string[];
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const KEYS = ['apiUrl', 'deviceId', 'credential', 'ingestUrl'] as const;

/** The stored config, or undefined when the file does not exist (not enrolled). */
export async function readConfig(file: string): Promise<CollectorConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EACCES') throw new ConfigError(`${file} is not readable by this user.`);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not valid JSON; enroll again to rewrite it.`);
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  const missing = KEYS.filter((key) => typeof record[key] !== 'string' || record[key] === '');
  if (missing.length > 0) {
    throw new ConfigError(`${file} lacks ${missing.join(', ')}; enroll again to rewrite it.`);
  }
  const config = Object.fromEntries(KEYS.map((key) => [key, record[key]])) as CollectorConfig;
  if (record.watch === undefined) return config;
  return { ...config, watch: watchEntries(file, record.watch) };
}

/** The config's `watch`: an array of `KIND:NAME` strings, every problem named at once. */
function watchEntries(file: string, watch: unknown): string[] {
  if (!Array.isArray(watch) || !watch.every((entry) => typeof entry === 'string')) {
    throw new ConfigError(`${file}: watch must be an array of strings like "systemd:ray-worker".`);
  }
  const { problems } = parseWatchList(watch);
  if (problems.length > 0) throw new ConfigError(`${file}: watch: ${problems.join('; ')}.`);
  return watch;
}

/** Replaces the config atomically, readable by its owner only (0600); keeps a `watch` given. */
export async function writeConfig(file: string, config: CollectorConfig): Promise<void> {
  const stored: CollectorConfig = {
    apiUrl: config.apiUrl,
    deviceId: config.deviceId,
    credential: config.credential,
    ingestUrl: config.ingestUrl,
    ...(config.watch === undefined ? {} : { watch: config.watch }),
  };
  await writeFileAtomic(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
}
