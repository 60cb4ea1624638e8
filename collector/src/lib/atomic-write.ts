import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` with `data` so that a reader (or a crash) sees the old or the new content,
 * never a mix: write a temp file beside it, flush it, rename over.
 */
export async function writeFileAtomic(
  file: string,
  data: string,
  { mode = 0o600, durable = true }: { mode?: number; durable?: boolean } = {},
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data, 'utf8');
    // The mode given to open() is filtered by the umask; the file must be exactly `mode`.
    await handle.chmod(mode);
    if (durable) await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
