import { createRoute, z } from '@hono/zod-openapi';
import { BUNDLE_FILE_NAME } from './collector-bundle.js';
import { NVML_PACKAGE_DIR } from './nvml-package.js';

const tags = ['install'];

function textContent(mediaType: string, description: string, example?: string) {
  return {
    description,
    content: { [mediaType]: { schema: z.string().openapi(example ? { example } : {}) } },
  };
}

export const installShRoute = createRoute({
  method: 'get',
  path: '/install.sh',
  tags,
  summary: 'Node installer for Ubuntu 22.04/24.04 (systemd)',
  description:
    'Bash script, run as root: `curl -fsSL <api>/install.sh | sudo bash -s -- --api <api> --token <enrollment token>`. ' +
    'Finds Node.js 24+ or downloads the Node.js 24 LTS, verifies and installs the collector, enrols the machine and ' +
    'starts the `io-worker-collector` systemd service. `--help` lists its options.',
  responses: { 200: textContent('text/plain', 'The script.', '#!/usr/bin/env bash\n…') },
});

export const installPs1Route = createRoute({
  method: 'get',
  path: '/install.ps1',
  tags,
  summary: 'Node installer for Windows (WinSW service)',
  description:
    'PowerShell 5.1+ script, run elevated with `-Api <api> -Token <enrollment token>`. Finds or ' +
    'downloads the Node.js 24 LTS, verifies and installs the collector, enrols the machine and runs it ' +
    'as the `io-worker-collector` Windows service through WinSW.',
  responses: { 200: textContent('text/plain', 'The script.') },
});

export const collectorBundleRoute = createRoute({
  method: 'get',
  path: `/downloads/${BUNDLE_FILE_NAME}`,
  tags,
  summary: 'The collector, one self-contained ES module for Node.js 20+',
  description:
    'Run with `node io-worker-collector.mjs <enroll|run|sample> --help`. `ETag` is the quoted ' +
    'SHA-256 of the body; `If-None-Match` with it answers 304.',
  responses: {
    200: {
      description: 'The bundle.',
      headers: z.object({
        ETag: z.string().openapi({ description: 'Quoted hex SHA-256 of the body.' }),
      }),
      content: { 'application/javascript': { schema: z.string() } },
    },
    304: { description: 'Unchanged since the ETag given in `If-None-Match`.' },
  },
});

export const collectorChecksumRoute = createRoute({
  method: 'get',
  path: `/downloads/${BUNDLE_FILE_NAME}.sha256`,
  tags,
  summary: "The collector bundle's SHA-256, in sha256sum format",
  description: 'Check a download with `sha256sum -c io-worker-collector.mjs.sha256`.',
  responses: {
    200: textContent(
      'text/plain',
      '`<hex>  io-worker-collector.mjs` and a newline.',
      `${'0'.repeat(64)}  ${BUNDLE_FILE_NAME}\n`,
    ),
  },
});

const nvmlPackageDescription =
  'The install scripts download `package.json` and `package-lock.json` into an empty folder and ' +
  'run `npm ci --omit=dev --ignore-scripts` there, then move its `node_modules` beside the ' +
  'collector: koffi, which the collector loads `libnvidia-ml` (`nvml.dll`) with to read the GPUs ' +
  "in-process, at the version this API was tested with, with the native module of the node's " +
  "own platform. npm refuses a download whose hash is not the lock file's `integrity`.";

export const nvmlManifestRoute = createRoute({
  method: 'get',
  path: `/downloads/${NVML_PACKAGE_DIR}/package.json`,
  tags,
  summary: "The NVML reader's npm manifest: koffi, pinned",
  description: nvmlPackageDescription,
  responses: { 200: textContent('application/json', 'The manifest.') },
});

export const nvmlLockRoute = createRoute({
  method: 'get',
  path: `/downloads/${NVML_PACKAGE_DIR}/package-lock.json`,
  tags,
  summary: "The NVML reader's npm lock file: koffi and its native modules, with their integrity",
  description: nvmlPackageDescription,
  responses: { 200: textContent('application/json', 'The lock file.') },
});
