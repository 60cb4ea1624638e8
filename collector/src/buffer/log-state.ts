import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.js';
import type { Logger } from '../lib/logger.js';

/** A place in the log: byte offset and complete-line count within a segment. */
export type LogPosition = { segment: number; offset: number; line: number };

/** What survives a restart: the acknowledged position and the count of dropped points. */
export type LogState = { cursor: LogPosition; droppedPoints: number };

const STATE_FILE = 'state.json';

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.segment !== b.segment ? a.segment - b.segment : a.offset - b.offset;
}

function isPosition(value: unknown): value is LogPosition {
  const p = value as LogPosition | undefined;
  return [p?.segment, p?.offset, p?.line].every((n) => Number.isInteger(n) && (n as number) >= 0);
}

/** The stored state, or undefined when there is none (or it is damaged: then resend all). */
export async function readState(dir: string, logger: Logger): Promise<LogState | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, STATE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const state = JSON.parse(text) as Partial<LogState>;
    if (isPosition(state.cursor) && Number.isInteger(state.droppedPoints)) {
      return { cursor: state.cursor, droppedPoints: state.droppedPoints as number };
    }
  } catch {
    // reported below
  }
  logger.warn(`buffer state in ${dir} is unreadable; resending from the oldest segment`);
  return undefined;
}

/**
 * Written atomically: a crash leaves the previous state (at worst, some points are resent).
 * `durable` also flushes it to the disk, against a power cut.
 */
export async function writeState(dir: string, state: LogState, durable: boolean): Promise<void> {
  if (durable) {
    await writeFileAtomic(path.join(dir, STATE_FILE), JSON.stringify(state), { durable });
    return;
  }
  writeStateNow(dir, state);
}

/**
 * The same without flushing, in three system calls on this thread: a hundred bytes into the
 * page cache take microseconds, less than the thread-pool round trips of the promise API. A
 * killed process still leaves the old or the new file (the rename is atomic); only a power
 * cut can lose it, until the next durable write.
 */
export function writeStateNow(dir: string, state: LogState): void {
  const file = path.join(dir, STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  renameSync(temp, file);
}
