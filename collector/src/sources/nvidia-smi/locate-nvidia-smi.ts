import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

const WINDOWS_LOCATIONS = [
  'C:\\Windows\\System32\\nvidia-smi.exe',
  // Drivers before R418 installed it here.
  'C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvidia-smi.exe',
];

async function isExecutable(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    if (platform !== 'win32') await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where nvidia-smi is: the `explicit` path when given (undefined if it is not an executable
 * file), else the first on PATH, else (Windows) the driver's install locations.
 */
export async function locateNvidiaSmi({
  explicit,
  env = process.env,
  platform = process.platform,
}: {
  explicit?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
} = {}): Promise<string | undefined> {
  if (explicit !== undefined) {
    const file = path.resolve(explicit);
    return (await isExecutable(file, platform)) ? file : undefined;
  }
  const names = platform === 'win32' ? ['nvidia-smi.exe'] : ['nvidia-smi'];
  const pathVariable = env.PATH ?? env.Path ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const file = path.join(dir, name);
      if (await isExecutable(file, platform)) return file;
    }
  }
  if (platform === 'win32') {
    for (const file of WINDOWS_LOCATIONS) {
      if (await isExecutable(file, platform)) return file;
    }
  }
  return undefined;
}
