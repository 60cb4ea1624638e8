import { builtinModules } from 'node:module';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { BUNDLE_FILE_NAME, buildCollectorBundle } from '../features/install/collector-bundle.js';
import {
  NVML_PACKAGE_DIR,
  NVML_PACKAGE_FILES,
  nvmlPackage,
} from '../features/install/nvml-package.js';

/** The API's entry: one program for every ROLE (all, api, worker, migrate). */
export const API_ENTRY_FILE = 'main.mjs';

const sourcePath = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * Files the API reads beside its own module (`new URL('./…', import.meta.url)`), copied to the
 * path that the bundled `main.mjs` asks for.
 */
const ASSETS = [
  { from: '../features/install/scripts/install.sh', to: 'scripts/install.sh' },
  { from: '../features/install/scripts/install.ps1', to: 'scripts/install.ps1' },
  { from: '../features/profitability/rate-card.json', to: 'rate-card.json' },
];

/**
 * npm packages stay in node_modules: native addons (@node-rs/argon2, litesvm) and wasm
 * (@electric-sql/pglite) cannot be inlined. Workspace packages export TypeScript source, which
 * plain node cannot run, so they are inlined.
 */
const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) =>
      specifier.startsWith('@ioworker/') ? undefined : { path: specifier, external: true },
    );
  },
};

const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const isBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(packageName(specifier));

/**
 * The npm packages that the bundle imports statically but the API does not list in
 * `dependencies`: the production image, which installs only those, would fail to start.
 * Dynamic imports are left out: they load on use (esbuild, where no prebuilt bundle exists).
 */
export function missingDependencies(metafile: Metafile, dependencies: string[]): string[] {
  const imported = Object.values(metafile.outputs).flatMap((output) =>
    output.imports
      .filter((entry) => entry.external && entry.kind === 'import-statement')
      .map((entry) => entry.path),
  );
  const packages = new Set(imported.filter((s) => !isBuiltin(s)).map(packageName));
  return [...packages].filter((name) => !dependencies.includes(name)).sort();
}

async function productionDependencies(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(sourcePath('../../package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {});
}

async function bundleApi(outDir: string): Promise<void> {
  const { metafile } = await build({
    entryPoints: [sourcePath('../main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile: path.join(outDir, API_ENTRY_FILE),
    plugins: [npmPackagesExternal],
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const missing = missingDependencies(metafile, await productionDependencies());
  if (missing.length > 0) {
    throw new Error(`api/package.json must list in dependencies: ${missing.join(', ')}`);
  }
}

async function writeCollectorBundle(outDir: string): Promise<void> {
  const { code } = await buildCollectorBundle();
  await writeFile(path.join(outDir, BUNDLE_FILE_NAME), code, { mode: 0o755 });
}

/** What nodes install beside the bundle to read NVML, derived from this checkout's lock file. */
async function writeNvmlPackage(outDir: string): Promise<void> {
  const files = await nvmlPackage();
  await mkdir(path.join(outDir, NVML_PACKAGE_DIR), { recursive: true });
  for (const file of NVML_PACKAGE_FILES) {
    await writeFile(path.join(outDir, NVML_PACKAGE_DIR, file), files[file]);
  }
}

async function copyAssets(outDir: string): Promise<void> {
  for (const asset of ASSETS) {
    const target = path.join(outDir, asset.to);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(sourcePath(asset.from), target);
  }
}

/**
 * The files that the bundle reads beside itself (`new URL('./…', import.meta.url)`) but the build
 * did not write: a new one must join ASSETS. A name built at run time is checked up to its first
 * substitution (`./scripts/${name}` needs `scripts/`).
 */
export async function missingAssets(outDir: string): Promise<string[]> {
  const code = await readFile(path.join(outDir, API_ENTRY_FILE), 'utf8');
  const wanted = [...code.matchAll(/new URL\(\s*[`'"]\.\/([^`'"$]*)/g)].flatMap((m) => m[1] ?? []);
  const present = await Promise.all(
    wanted.map((file) =>
      stat(path.join(outDir, file)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return [...new Set(wanted.filter((_, index) => !present[index]))];
}

/**
 * Builds what the production image runs into `outDir` (emptied first): the API as one ES module
 * (`main.mjs`) with npm packages left to node_modules, the files it reads beside itself, the
 * collector bundle that it serves to nodes and that the Kubernetes DaemonSet runs, and the npm
 * files that nodes install koffi (NVML) with.
 *
 * @example
 * await buildProduction('api/dist/bundle');
 */
export async function buildProduction(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await bundleApi(outDir);
  await copyAssets(outDir);
  await writeCollectorBundle(outDir);
  await writeNvmlPackage(outDir);
  const missing = await missingAssets(outDir);
  if (missing.length > 0) {
    throw new Error(`The built API reads files the build did not write: ${missing.join(', ')}`);
  }
}
