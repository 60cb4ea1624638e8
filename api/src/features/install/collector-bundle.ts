import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { loadOnce } from '../../lib/load-once.js';
import { readOptionalFile } from '../../lib/read-optional-file.js';

/** The name nodes save the bundle under; the `.sha256` file names it (sha256sum format). */
export const BUNDLE_FILE_NAME = 'io-worker-collector.mjs';

export type CollectorBundle = {
  /** One self-contained ES module: the collector CLI with every dependency inlined. */
  code: Uint8Array<ArrayBuffer>;
  /** Lower-case hex SHA-256 of `code`. */
  sha256: string;
};

type CollectorManifest = {
  /** Where the manifest is: the collector package's folder. */
  path: string;
  bin?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

/**
 * The collector's package.json, found through the workspace: `@ioworker/collector` is linked into
 * the root node_modules by npm workspaces. Resolving the package (not a path relative to this
 * file) works under tsx from any working directory. The production build calls it at build time.
 */
export function collectorManifest(): CollectorManifest {
  const path = createRequire(import.meta.url).resolve('@ioworker/collector/package.json');
  return { ...(JSON.parse(readFileSync(path, 'utf8')) as Omit<CollectorManifest, 'path'>), path };
}

/** The collector CLI's source: the entry its manifest's `bin` names. */
export function collectorEntry(): string {
  const manifest = collectorManifest();
  const bin = manifest.bin?.['io-worker-collector'];
  if (!bin) throw new Error(`${manifest.path} has no bin "io-worker-collector"`);
  return resolve(dirname(manifest.path), bin);
}

// ESM output has no `require`; CommonJS dependencies (systeminformation) call it for Node's
// built-ins, which esbuild turns into a call that throws unless a real `require` exists.
const REQUIRE_BANNER = [
  "import { createRequire as __iowCreateRequire } from 'node:module';",
  'const require = __iowCreateRequire(import.meta.url);',
].join('\n');

/**
 * Bundles the collector CLI into one ES module for Node 20 with esbuild (~1 s), in memory.
 *
 * @example
 * const { code, sha256 } = await buildCollectorBundle();
 */
export async function buildCollectorBundle(entry = collectorEntry()): Promise<CollectorBundle> {
  // Loaded on use: the production image has a prebuilt bundle and no esbuild.
  const { build, stop } = await import('esbuild');
  // The bundle is built once per process: esbuild's service process need not outlive it.
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    outfile: BUNDLE_FILE_NAME,
    // Paths in the bundle's comments are relative to the collector package, not this machine.
    absWorkingDir: dirname(entry),
    banner: { js: REQUIRE_BANNER },
    // koffi (NVML) is a native addon that one file cannot carry: the collector imports it only
    // when it is installed beside the bundle, and reads nvidia-smi otherwise.
    external: ['koffi'],
    legalComments: 'eof',
    logLevel: 'silent',
  }).finally(stop);
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  // The entry's own hashbang (it may name tsx) gives way to plain node.
  const text = output.text.replace(/^#![^\n]*\n/, '');
  return bundleOf(new TextEncoder().encode(`#!/usr/bin/env node\n${text}`));
}

function bundleOf(code: Uint8Array<ArrayBuffer>): CollectorBundle {
  return { code, sha256: createHash('sha256').update(code).digest('hex') };
}

/**
 * Where `npm run build` puts the bundle: beside the built API (`api/dist/bundle/main.mjs`).
 * Under tsx this names a file beside this source, which never exists.
 */
const PREBUILT_BUNDLE = new URL(`./${BUNDLE_FILE_NAME}`, import.meta.url);

/** The prebuilt bundle, or undefined where there is none (a development checkout). */
async function readPrebuiltBundle(): Promise<CollectorBundle | undefined> {
  const code = await readOptionalFile(PREBUILT_BUNDLE);
  return code && bundleOf(new Uint8Array(code));
}

/**
 * The bundle, loaded once per process on first use: the prebuilt one of a production build, else
 * built from the collector's source.
 */
export const collectorBundle = loadOnce(
  async (): Promise<CollectorBundle> => (await readPrebuiltBundle()) ?? buildCollectorBundle(),
);
