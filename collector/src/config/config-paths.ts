import os from 'node:os';
import path from 'node:path';

export const ROOT_CONFIG_PATH = '/etc/io-worker/collector.json';
export const ROOT_BUFFER_DIR = '/var/lib/io-worker/buffer';

type Environment = Record<string, string | undefined>;

function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** `--config` > `IOW_CONFIG` > the system file as root > the user's file. */
export function resolveConfigPath({
  flag,
  env = process.env,
  isRoot = runningAsRoot(),
  home = os.homedir(),
}: {
  flag?: string | undefined;
  env?: Environment;
  isRoot?: boolean;
  home?: string;
} = {}): string {
  if (flag) return path.resolve(flag);
  if (env.IOW_CONFIG) return path.resolve(env.IOW_CONFIG);
  if (isRoot) return ROOT_CONFIG_PATH;
  return path.join(home, '.config', 'io-worker', 'collector.json');
}

/** `--buffer-dir` > `IOW_BUFFER_DIR` > /var/lib/io-worker/buffer beside the system file > next to the config. */
export function resolveBufferDir({
  flag,
  env = process.env,
  configPath,
}: {
  flag?: string | undefined;
  env?: Environment;
  configPath: string;
}): string {
  if (flag) return path.resolve(flag);
  if (env.IOW_BUFFER_DIR) return path.resolve(env.IOW_BUFFER_DIR);
  if (configPath === ROOT_CONFIG_PATH) return ROOT_BUFFER_DIR;
  return path.join(path.dirname(configPath), 'buffer');
}
