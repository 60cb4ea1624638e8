import { build, stop } from 'esbuild';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const HARNESS_DIST = path.join(HERE, 'dist');

/**
 * Bundles the app's pages with React and @grafana/* (which Grafana would provide) into `outdir`
 * (harness/dist by default). Production mode: React's development build is several times slower.
 */
export async function buildHarness(
  options: { minify?: boolean; outdir?: string } = {},
): Promise<string> {
  const outdir = options.outdir ?? HARNESS_DIST;
  mkdirSync(outdir, { recursive: true });
  // esbuild keeps its service process for later builds; after bundling @grafana/ui it holds about
  // 600 MB, which `npm start` would carry for its whole life. A later build starts a new one.
  await build({
    entryPoints: [path.join(HERE, 'main.tsx')],
    outdir,
    bundle: true,
    // One file (and one CSS file): the harness is for tests and the demo; Grafana loads the real
    // lazily split plugin from dist/.
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? true,
    sourcemap: true,
    jsx: 'transform',
    loader: { '.svg': 'file', '.png': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file' },
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'warning',
  }).finally(stop);
  copyGrafanaIcons(outdir);
  writeFileSync(path.join(outdir, 'index.html'), INDEX_HTML);
  return outdir;
}

/** Grafana serves @grafana/ui's icons from public/build/img/icons; the harness does the same. */
function copyGrafanaIcons(outdir: string): void {
  const grafanaUi = path.dirname(createRequire(import.meta.url).resolve('@grafana/ui'));
  cpSync(
    path.join(grafanaUi, '..', 'public', 'img', 'icons'),
    path.join(outdir, 'public', 'build', 'img', 'icons'),
    {
      recursive: true,
    },
  );
}

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>IO Worker</title>
    <link rel="stylesheet" href="/main.css" />
    <!-- Grafana's own page has no body margin: neither has the harness's. -->
    <style>
      body { margin: 0; }
    </style>
    <script>
      window.__grafana_public_path__ = '/public/';
    </script>
    <!--harness-config-->
    <script type="module" src="/main.js"></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildHarness();
  process.stdout.write(`harness built into ${HARNESS_DIST} in ${Date.now() - started} ms\n`);
}
