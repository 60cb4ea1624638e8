import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One collector per buffer directory: two writers would interleave segments and acknowledge
 * each other's data. A lock left by a dead process (kill -9) is taken over.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, 'lock');
  const mine = String(process.pid);
  try {
    await writeFile(file, mine, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
      throw new Error(`Another collector (pid ${holder}) is using the buffer directory ${dir}.`);
    }
    await writeFile(file, mine, { mode: 0o600 });
  }
  return async function unlock() {
    const holder = await readFile(file, 'utf8').catch(() => '');
    if (holder.trim() === mine) await rm(file, { force: true });
  };
}
