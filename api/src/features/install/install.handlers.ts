import { readFile } from 'node:fs/promises';
import { createRouter } from '../../router.js';
import { BUNDLE_FILE_NAME, collectorBundle } from './collector-bundle.js';
import {
  collectorBundleRoute,
  collectorChecksumRoute,
  installPs1Route,
  installShRoute,
} from './install.routes.js';

const scripts = new Map<string, Promise<string>>();

/** A script from `./scripts/`, read once per process and served verbatim. */
function installScript(name: 'install.sh' | 'install.ps1'): Promise<string> {
  let script = scripts.get(name);
  if (!script) {
    script = readFile(new URL(`./scripts/${name}`, import.meta.url), 'utf8');
    script.catch(() => scripts.delete(name));
    scripts.set(name, script);
  }
  return script;
}

// Scripts and bundle change with each deployment: caches must ask again (the ETag makes that cheap).
const REVALIDATE = { 'Cache-Control': 'no-cache' };

/** Anyone may fetch these: they hold no secrets, and a node has no credential yet. */
export const installRoutes = createRouter()
  .openapi(installShRoute, async (c) => c.text(await installScript('install.sh'), 200, REVALIDATE))
  .openapi(installPs1Route, async (c) =>
    c.text(await installScript('install.ps1'), 200, REVALIDATE),
  )
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
  });
