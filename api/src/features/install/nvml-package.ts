import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadOnce } from '../../lib/load-once.js';
import { readOptionalFile } from '../../lib/read-optional-file.js';
import { collectorManifest } from './collector-bundle.js';

/**
 * What a node installs beside the collector bundle to read NVML in-process: koffi, the FFI the
 * bundle cannot carry (a native addon). The install scripts download these two files into an
 * empty folder and run `npm ci` there: npm installs the koffi this API's collector was tested
 * with, and its native module for the node's own platform only, and refuses any download whose
 * hash differs from the lock file's `integrity`. npm skips an optional package it refuses, so
 * the scripts check that the native module arrived.
 */
export const NVML_PACKAGE_DIR = 'nvml';
export const NVML_PACKAGE_FILES = ['package.json', 'package-lock.json'] as const;
export type NvmlPackageFile = (typeof NVML_PACKAGE_FILES)[number];
export type NvmlPackage = Record<NvmlPackageFile, string>;

type LockEntry = Record<string, unknown> & {
  version?: unknown;
  integrity?: unknown;
  optionalDependencies?: unknown;
};
type Lockfile = { packages?: Record<string, LockEntry> };
type LockedEntry = LockEntry & { version: string };

const NAME = 'io-worker-collector-nvml';
const KOFFI = 'node_modules/koffi';

/**
 * Flags that say why the workspace installs a package (koffi is this package's one purpose), and
 * `resolved`: a lock written behind a private mirror would send every node to that mirror.
 * Without it, each node's npm downloads from the registry it is configured with.
 */
const DROPPED_KEYS = new Set(['optional', 'dev', 'devOptional', 'peer', 'resolved']);
const without = (entry: LockEntry, keys: Set<string>): LockEntry =>
  Object.fromEntries(Object.entries(entry).filter(([key]) => !keys.has(key)));

function lockedEntry(path: string, entry: LockEntry | undefined): LockedEntry {
  if (typeof entry?.version !== 'string' || typeof entry.integrity !== 'string') {
    throw new Error(`package-lock.json has no version and integrity for ${path}`);
  }
  return { ...entry, version: entry.version };
}

/** koffi's native modules, one optional package per platform, at the versions koffi names. */
function nativeEntries(packages: Record<string, LockEntry>, koffi: LockedEntry) {
  const wanted = Object.entries((koffi.optionalDependencies ?? {}) as Record<string, string>);
  if (wanted.length === 0) throw new Error('package-lock.json lists no koffi native packages');
  return wanted.map(([name, version]) => {
    const path = `node_modules/${name}`;
    const entry = lockedEntry(path, packages[path]);
    if (entry.version !== version) {
      throw new Error(`package-lock.json has ${path} ${entry.version}; koffi needs ${version}`);
    }
    // Still optional: npm installs the one for the node's own platform.
    return [path, { ...without(entry, DROPPED_KEYS), optional: true }] as const;
  });
}

/**
 * The two files, derived from the repository's lock file: koffi's entry and its per-platform
 * native packages, with the versions and integrity values that `npm ci` installed and tested.
 * `koffiVersion` is the collector's: the lock must hold that one.
 */
export function nvmlPackageFrom(lock: Lockfile, koffiVersion: string): NvmlPackage {
  const packages = lock.packages ?? {};
  const koffi = lockedEntry(KOFFI, packages[KOFFI]);
  if (koffi.version !== koffiVersion) {
    throw new Error(
      `package-lock.json has koffi ${koffi.version}; the collector asks for ${koffiVersion}`,
    );
  }
  const dependencies = { koffi: koffi.version };
  const manifest = { name: NAME, private: true, dependencies };
  const packageLock = {
    name: NAME,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: NAME, dependencies },
      [KOFFI]: without(koffi, DROPPED_KEYS),
      ...Object.fromEntries(nativeEntries(packages, koffi)),
    },
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify(packageLock, null, 2)}\n`,
  };
}

/** Where `npm run build` puts the files: `nvml/` beside the built API. */
const prebuiltFile = (file: NvmlPackageFile) => new URL(`./nvml/${file}`, import.meta.url);

async function readPrebuiltPackage(): Promise<NvmlPackage | undefined> {
  const [manifest, lock] = await Promise.all(
    NVML_PACKAGE_FILES.map((f) => readOptionalFile(prebuiltFile(f))),
  );
  if (!manifest || !lock) return undefined;
  return { 'package.json': manifest.toString('utf8'), 'package-lock.json': lock.toString('utf8') };
}

/** In a development checkout: the workspace root's lock file, above the collector package. */
async function derivePackage(): Promise<NvmlPackage> {
  const manifest = collectorManifest();
  const koffiVersion = manifest.optionalDependencies?.koffi;
  if (!koffiVersion) throw new Error(`${manifest.path} lists no koffi in optionalDependencies`);
  const rootLock = resolve(dirname(manifest.path), '..', 'package-lock.json');
  return nvmlPackageFrom(JSON.parse(await readFile(rootLock, 'utf8')) as Lockfile, koffiVersion);
}

/** The files, loaded once per process: the prebuilt ones of a production build, else derived. */
export const nvmlPackage = loadOnce(
  async (): Promise<NvmlPackage> => (await readPrebuiltPackage()) ?? derivePackage(),
);
