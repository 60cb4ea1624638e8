import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

export class MissingBinaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingBinaryError';
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(directory, name);
    if (directory && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Debian keeps server binaries off PATH, in /usr/lib/postgresql/<major>/bin; newest wins. */
function debianPostgresBinDirs(root: string): string[] {
  try {
    return readdirSync(root)
      .filter((entry) => /^\d+$/.test(entry))
      .sort((a, b) => Number(b) - Number(a))
      .map((major) => path.join(root, major, 'bin'));
  } catch {
    return [];
  }
}

export type PostgresBinaries = { initdb: string; postgres: string };

export function findPostgresBinaries(debianRoot = '/usr/lib/postgresql'): PostgresBinaries {
  const initdb = onPath('initdb');
  const postgres = onPath('postgres');
  if (initdb && postgres) return { initdb, postgres };
  for (const directory of debianPostgresBinDirs(debianRoot)) {
    const pair = {
      initdb: path.join(directory, 'initdb'),
      postgres: path.join(directory, 'postgres'),
    };
    if (isExecutable(pair.initdb) && isExecutable(pair.postgres)) return pair;
  }
  throw new MissingBinaryError(
    'PostgreSQL server binaries (initdb, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin: install them with `sudo apt-get install postgresql` (Debian/Ubuntu) or `brew install postgresql` (macOS).',
  );
}

export function findInfluxd(): string {
  const influxd = onPath('influxd');
  if (influxd) return influxd;
  throw new MissingBinaryError(
    'influxd was not found on PATH: install InfluxDB with `sudo apt-get install influxdb` (Debian/Ubuntu) or `brew install influxdb@1` (macOS).',
  );
}

export function hasInfluxd(): boolean {
  return onPath('influxd') !== undefined;
}
