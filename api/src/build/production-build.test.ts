import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE_NAME } from '../features/install/collector-bundle.js';
import { NVML_PACKAGE_FILES } from '../features/install/nvml-package.js';
import { freshDatabaseUrl } from '../test/test-api.js';
import {
  API_ENTRY_FILE,
  buildProduction,
  missingAssets,
  missingDependencies,
} from './production-build.js';

const API_DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

let outDir: string;
let dataDir: string;

beforeAll(async () => {
  // Inside the repository, so that the bundle finds its npm packages in the root node_modules
  // as the image's finds them in /app/node_modules.
  await mkdir(API_DIST, { recursive: true });
  outDir = await mkdtemp(path.join(API_DIST, 'production-build-test-'));
  dataDir = await mkdtemp(path.join(tmpdir(), 'iow-production-build-'));
  await buildProduction(outDir);
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

/** Plain node with a clean environment: no NODE_ENV, no tsx, embedded PGlite in `dataDir` by default. */
function runBuilt(file: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [file, ...args], {
    cwd: outDir,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

type Exit = { code: number | null; stdout: string; stderr: string };

function exited(child: ChildProcess): Promise<Exit> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The URL from the API's "listening" log line. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const url = /"url":"(http:[^"]+)"/.exec(log)?.[1];
      if (url) resolve(url);
    });
    child.on('close', (code) =>
      reject(new Error(`API exited (${code}) before listening:\n${log}`)),
    );
  });
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('the production build', () => {
  it('migrates PostgreSQL and exits 0 with ROLE=migrate', async () => {
    const { url } = await freshDatabaseUrl('iow_production_build');
    const run = await exited(runBuilt(API_ENTRY_FILE, [], { ROLE: 'migrate', DATABASE_URL: url }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('database migrated');
  });

  it('serves /healthz, install.sh, the prebuilt collector bundle and NVML package', async () => {
    const api = runBuilt(API_ENTRY_FILE, [], { PORT: '0', METRICS_PORT: '0', HOST: '127.0.0.1' });
    const stopped = exited(api);
    try {
      const url = await listeningUrl(api);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const script = await (await fetch(`${url}/install.sh`)).text();
      expect(script).toBe(await readFile(path.join(outDir, 'scripts/install.sh'), 'utf8'));
      const reply = await fetch(`${url}/downloads/${BUNDLE_FILE_NAME}`);
      const served = new Uint8Array(await reply.arrayBuffer());
      expect(sha256(served)).toBe(sha256(await readFile(path.join(outDir, BUNDLE_FILE_NAME))));
      for (const file of NVML_PACKAGE_FILES) {
        const nvml = await (await fetch(`${url}/downloads/nvml/${file}`)).text();
        expect(nvml).toBe(await readFile(path.join(outDir, 'nvml', file), 'utf8'));
        expect(JSON.parse(nvml)).toMatchObject({ name: 'io-worker-collector-nvml' });
      }
    } finally {
      api.kill('SIGTERM');
      // PGlite lets go of the data folder before afterAll removes it.
      expect((await stopped).code).toBe(0);
    }
  });

  it('bundles a collector that runs with plain node', async () => {
    const run = await exited(runBuilt(BUNDLE_FILE_NAME, ['--help'], {}));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/enroll/);
  });
});

describe('missingDependencies', () => {
  const output = (imports: Metafile['outputs'][string]['imports']) => ({
    inputs: {},
    outputs: { 'main.mjs': { bytes: 0, inputs: {}, exports: [], imports } },
  });

  it('names the statically imported npm packages that are not production dependencies', () => {
    const metafile = output([
      { path: 'hono/cors', kind: 'import-statement', external: true },
      { path: '@scope/pkg/sub', kind: 'import-statement', external: true },
      { path: 'node:fs', kind: 'import-statement', external: true },
      { path: 'crypto', kind: 'import-statement', external: true },
      { path: 'esbuild', kind: 'dynamic-import', external: true },
    ]);
    expect(missingDependencies(metafile, ['hono'])).toEqual(['@scope/pkg']);
    expect(missingDependencies(metafile, ['hono', '@scope/pkg'])).toEqual([]);
  });
});

describe('missingAssets', () => {
  it('names the files the bundle reads beside itself that are absent', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'iow-assets-'));
    try {
      const code = [
        "new URL('./present.json', import.meta.url);",
        'new URL(`./absent/${name}`, import.meta.url);',
        'new URL("./gone.txt", import.meta.url);',
      ].join('\n');
      await writeFile(path.join(dir, API_ENTRY_FILE), code);
      await writeFile(path.join(dir, 'present.json'), '{}');
      expect(await missingAssets(dir)).toEqual(['absent/', 'gone.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
