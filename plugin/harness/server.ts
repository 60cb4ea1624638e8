import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HARNESS_DIST } from './build.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built harness: files from harness/dist, and index.html (with the API URL) for
 * every other path, so that a deep link such as /a/ioworker-worker-app/devices/… loads the app.
 */
export async function serveHarness(options: {
  apiUrl: string;
  /** What buildHarness() built; harness/dist by default. */
  root?: string;
  port?: number;
  host?: string;
}): Promise<HarnessServer> {
  const root = options.root ?? HARNESS_DIST;
  const indexPath = path.join(root, 'index.html');
  if (!existsSync(indexPath))
    throw new Error('The harness is not built: run buildHarness() first.');
  const config = `<script>window.IOWORKER_HARNESS = ${JSON.stringify({ apiUrl: options.apiUrl }).replace(/</g, '\\u003c')};</script>`;
  const index = readFileSync(indexPath, 'utf8').replace('<!--harness-config-->', config);

  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://harness').pathname);
    const file = path.join(root, path.normalize(pathname));
    const isAsset =
      file.startsWith(root + path.sep) &&
      path.extname(file) !== '.html' &&
      existsSync(file) &&
      statSync(file).isFile();
    if (isAsset) {
      response.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      createReadStream(file).pipe(response);
      return;
    }
    if (path.extname(pathname)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(index);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  // The API's host name, so that the browser treats the pair as one site and sends the cookie.
  const host = new URL(options.apiUrl).hostname;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
