import { readFile } from 'node:fs/promises';
import { loadOnce } from '../../lib/load-once.js';
import { createRouter } from '../../router.js';
import { BUNDLE_FILE_NAME, collectorBundle } from './collector-bundle.js';
import { nvmlPackage } from './nvml-package.js';
import {
  collectorBundleRoute,
  collectorChecksumRoute,
  installPs1Route,
  installShRoute,
  nvmlLockRoute,
  nvmlManifestRoute,
} from './install.routes.js';

/** A script from `./scripts/`, read once per process and served verbatim. */
const installScript = (name: 'install.sh' | 'install.ps1') =>
  loadOnce(() => readFile(new URL(`./scripts/${name}`, import.meta.url), 'utf8'));
const installSh = installScript('install.sh');
const installPs1 = installScript('install.ps1');

// Scripts and bundle change with each deployment: caches must ask again (the ETag makes that cheap).
const REVALIDATE = { 'Cache-Control': 'no-cache' };
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

/** Anyone may fetch these: they hold no secrets, and a node has no credential yet. */
export const installRoutes = createRouter()
  .openapi(installShRoute, async (c) => c.text(await installSh(), 200, REVALIDATE))
  .openapi(installPs1Route, async (c) => c.text(await installPs1(), 200, REVALIDATE))
  .openapi(collectorBundleRoute, async (c) => {
    const bundle = await collectorBundle();
    const etag = `"${bundle.sha256}"`;
    const headers = { ...REVALIDATE, ETag: etag };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304, headers);
    }
    return c.body(bundle.code, 200, {
      ...headers,
      'Content-Type': 'application/javascript; charset=utf-8',
      'Content-Disposition': `attachment; filename="${BUNDLE_FILE_NAME}"`,
    });
  })
  .openapi(collectorChecksumRoute, async (c) => {
    const { sha256 } = await collectorBundle();
    return c.text(`${sha256}  ${BUNDLE_FILE_NAME}\n`, 200, REVALIDATE);
  })
  .openapi(nvmlManifestRoute, async (c) =>
    c.body((await nvmlPackage())['package.json'], 200, { ...REVALIDATE, ...JSON_TYPE }),
  )
  .openapi(nvmlLockRoute, async (c) =>
    c.body((await nvmlPackage())['package-lock.json'], 200, { ...REVALIDATE, ...JSON_TYPE }),
  );
