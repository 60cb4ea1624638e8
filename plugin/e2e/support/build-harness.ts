import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildHarness } from '../../harness/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    harnessDir: string;
  }
}

/**
 * The browser tests drive the harness as built from the current sources, in a directory of
 * their own (`npm start`, run by another test meanwhile, rebuilds harness/dist).
 */
export default async function setup(project: TestProject) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'iow-harness-'));
  project.provide('harnessDir', await buildHarness({ minify: false, outdir }));
}
