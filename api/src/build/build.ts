import { fileURLToPath } from 'node:url';
import { buildProduction } from './production-build.js';

const OUT_DIR = fileURLToPath(new URL('../../dist/bundle/', import.meta.url));

await buildProduction(OUT_DIR);
