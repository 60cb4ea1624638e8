import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Run = { code: number | null; stdout: string; stderr: string };

/** Async on purpose: the API answering the script lives in this process. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      // npm's cache holds koffi's tarballs since `npm ci` installed this repository: the
      // installer's npm need not download them again (it checks them against the lock either way).
      env: { ...process.env, npm_config_prefer_offline: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const sha256 = (data: Uint8Array | string) =>
  createHash('sha256').update(data).digest('hex');

/**
 * install.sh as the API at `apiUrl` serves it, saved in a new scratch folder outside the
 * repository, so that what it installs there cannot reach the repository's node_modules.
 */
export async function downloadInstallSh(
  apiUrl: string,
): Promise<{ scratch: string; installSh: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'iow-install-test-'));
  const installSh = join(scratch, 'install.sh');
  await writeFile(installSh, await (await fetch(`${apiUrl}/install.sh`)).text());
  return { scratch, installSh };
}
