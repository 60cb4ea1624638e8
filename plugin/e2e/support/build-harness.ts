import { buildHarness } from '../../harness/index.js';

/** The browser tests drive the harness as built from the current sources. */
export default async function setup() {
  await buildHarness({ minify: false });
}
