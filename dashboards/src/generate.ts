/**
 * `npm run dashboards`: writes the dashboards and alerting files into `provisioning/` (or the
 * folder given as the first argument).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROVISIONING_DIR, renderProvisioning } from './provisioning.js';

export async function generate(outDir: string): Promise<string[]> {
  const files = await renderProvisioning();
  for (const file of files) {
    const target = path.join(outDir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
  return files.map((file) => file.path);
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const outDir = path.resolve(process.argv[2] ?? PROVISIONING_DIR);
  const written = await generate(outDir);
  process.stdout.write(`wrote ${written.length} files into ${outDir}\n`);
}
