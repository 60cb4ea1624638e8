import { openSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1024 * 1024;
const SEGMENT_NAME = /^(\d{12})\.lp$/;

export function segmentFileName(seq: number): string {
  return `${String(seq).padStart(12, '0')}.lp`;
}

export type ScannedSegment = {
  seq: number;
  file: string;
  /** Bytes in the file. */
  size: number;
  /** Bytes up to and including the last newline: a crash can leave a partial line after it. */
  completeSize: number;
  /** Complete lines. */
  lines: number;
  modifiedMs: number;
};

/** A segment the log holds: as scanned, and when this process started it (or first saw it). */
export type Segment = ScannedSegment & { createdMs: number };

/** Creates segment `seq` in `dir`, open for appending (only the collector's user may read it). */
export function openSegment(
  dir: string,
  seq: number,
  at: number,
): { segment: Segment; fd: number } {
  const file = path.join(dir, segmentFileName(seq));
  const fd = openSync(file, 'a', 0o600);
  const segment = { seq, file, size: 0, completeSize: 0, lines: 0, modifiedMs: at, createdMs: at };
  return { segment, fd };
}

/** Counts the complete lines of a file and where the last one ends, reading it in chunks. */
async function countLines(file: string): Promise<{ lines: number; completeSize: number }> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let lines = 0;
    let completeSize = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i += 1) {
        if (buffer[i] === NEWLINE) {
          lines += 1;
          completeSize = position + i + 1;
        }
      }
      position += bytesRead;
    }
    return { lines, completeSize };
  } finally {
    await handle.close();
  }
}

/** The segment files in `dir`, oldest first. */
export async function scanSegments(dir: string): Promise<ScannedSegment[]> {
  const segments: ScannedSegment[] = [];
  for (const name of await readdir(dir)) {
    const seq = SEGMENT_NAME.exec(name)?.[1];
    if (seq === undefined) continue;
    const file = path.join(dir, name);
    const info = await stat(file);
    const { lines, completeSize } = await countLines(file);
    segments.push({
      seq: Number(seq),
      file,
      size: info.size,
      completeSize,
      lines,
      modifiedMs: info.mtimeMs,
    });
  }
  return segments.sort((a, b) => a.seq - b.seq);
}

/**
 * Reads complete lines from `from` (a line start) up to `to` (a line end): at most `maxLines`,
 * and at most `maxBytes` unless the first line alone is longer (so reading always progresses).
 */
export async function readLines(
  file: string,
  from: number,
  to: number,
  maxLines: number,
  maxBytes: number,
): Promise<{ lines: string[]; bytes: number }> {
  const handle = await open(file, 'r');
  try {
    let want = Math.min(to - from, maxBytes);
    let buffer = Buffer.allocUnsafe(want);
    let { bytesRead } = await handle.read(buffer, 0, want, from);
    if (buffer.subarray(0, bytesRead).indexOf(NEWLINE) < 0 && want < to - from) {
      want = to - from;
      buffer = Buffer.allocUnsafe(want);
      ({ bytesRead } = await handle.read(buffer, 0, want, from));
    }
    const lines: string[] = [];
    let start = 0;
    while (lines.length < maxLines) {
      const end = buffer.indexOf(NEWLINE, start);
      if (end < 0 || end >= bytesRead) break;
      lines.push(buffer.toString('utf8', start, end));
      start = end + 1;
    }
    return { lines, bytes: start };
  } finally {
    await handle.close();
  }
}
