import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { build, stop } from 'esbuild';

/** The name nodes save the bundle under; the `.sha256` file names it (sha256sum format). */
export const BUNDLE_FILE_NAME = 'io-worker-collector.mjs';

export type CollectorBundle = {
  /** One self-contained ES module: the collector CLI with every dependency inlined. */
  code: Uint8Array<ArrayBuffer>;
  /** Lower-case hex SHA-256 of `code`. */
  sha256: string;
};

/**
 * The collector CLI's source, found through the workspace: `@ioworker/collector` is linked into
 * the root node_modules by npm workspaces, and its `bin` names the entry. Resolving the package
 * (not a path relative to this file) works under tsx from any working directory and from a
 * compiled `dist/`.
 */
export function collectorEntry(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('@ioworker/collector/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    bin?: Record<string, string>;
  };
  const bin = manifest.bin?.['io-worker-collector'];
  if (!bin) throw new Error(`${manifestPath} has no bin "io-worker-collector"`);
  return resolve(dirname(manifestPath), bin);
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
  const code = new TextEncoder().encode(`#!/usr/bin/env node\n${text}`);
  return { code, sha256: createHash('sha256').update(code).digest('hex') };
}

let building: Promise<CollectorBundle> | undefined;

/**
 * The bundle, built once per process on first use: concurrent callers share one build, and a
 * failed build is forgotten so that the next request tries again.
 */
export function collectorBundle(): Promise<CollectorBundle> {
  building ??= buildCollectorBundle().catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
}
