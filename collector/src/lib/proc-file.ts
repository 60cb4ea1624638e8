import { closeSync, openSync, readSync } from 'node:fs';

export type ProcFile = {
  /** The file's whole content now (ASCII, as procfs and sysfs print). */
  read(): string;
  close(): void;
};

/**
 * A procfs or sysfs file kept open and read again from its start: a read at offset 0 makes the
 * kernel print it afresh, so a sample costs one system call per file, where readFileSync
 * opens, stats, reads and closes. Synchronous: the kernel answers from memory in microseconds,
 * less than a thread-pool round trip. A failed read closes it, and the next one opens it again.
 *
 * @example
 * const meminfo = openProcFile('/proc/meminfo');
 * meminfo.read(); // 'MemTotal: …'
 */
export function openProcFile(path: string, initialBytes = 4096): ProcFile {
  let fd: number | undefined;
  let buffer = Buffer.allocUnsafe(initialBytes);
  function close(): void {
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch {
      // already unusable
    }
    fd = undefined;
  }
  return {
    read() {
      try {
        fd ??= openSync(path, 'r');
        for (;;) {
          const bytes = readSync(fd, buffer, 0, buffer.length, 0);
          // A full buffer may have cut the content short: read it again into a larger one.
          if (bytes < buffer.length) return buffer.toString('latin1', 0, bytes);
          buffer = Buffer.allocUnsafe(buffer.length * 2);
        }
      } catch (error) {
        close();
        throw error;
      }
    },
    close,
  };
}
