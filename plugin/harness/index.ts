export { buildHarness, HARNESS_DIST } from './build.js';
export { serveHarness, type HarnessServer } from './server.js';
