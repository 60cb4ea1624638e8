import { readFile } from 'node:fs/promises';

/** The file's bytes, or undefined where it does not exist; any other failure throws. */
export async function readOptionalFile(file: URL | string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
