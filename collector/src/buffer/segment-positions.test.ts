import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScannedSegment } from './segment-files.js';
import { linesBetween, readSegments, repairedCursor } from './segment-positions.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'iow-positions-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A segment file holding `lines` (each with its newline) and, after them, `partial`. */
async function segment(seq: number, lines: string[], partial = ''): Promise<ScannedSegment> {
  const file = path.join(dir, `${seq}.lp`);
  const complete = lines.map((line) => `${line}\n`).join('');
  await writeFile(file, complete + partial);
  const completeSize = Buffer.byteLength(complete);
  return {
    seq,
    file,
    size: completeSize + Buffer.byteLength(partial),
    completeSize,
    lines: lines.length,
    modifiedMs: 0,
  };
}

const at = (seq: number, offset: number, line: number) => ({ segment: seq, offset, line });
const limits = { maxLines: 100, maxBytes: 1024 };

describe('segment positions', () => {
  it('counts lines across segments, skipping those already deleted', async () => {
    const segments = [await segment(3, ['a', 'b', 'c']), await segment(5, ['d', 'e'])];
    expect(linesBetween(segments, at(3, 2, 1), at(5, 2, 1))).toBe(3);
    // Segment 4 is gone (dropped over a bound): nothing of it is counted.
    expect(linesBetween(segments, at(4, 0, 0), at(5, 4, 2))).toBe(2);
    expect(linesBetween(segments, at(5, 4, 2), at(3, 0, 0))).toBe(0);
  });

  it('repairs a cursor past its segment, or in one that is gone', async () => {
    const segments = [await segment(3, ['a', 'b']), await segment(5, ['c'])];
    expect(repairedCursor(segments, at(3, 2, 1), 6)).toEqual(at(3, 2, 1));
    expect(repairedCursor(segments, at(3, 99, 1), 6)).toEqual(at(3, 4, 2));
    expect(repairedCursor(segments, at(3, 2, 9), 6)).toEqual(at(3, 4, 2));
    expect(repairedCursor(segments, at(4, 7, 3), 6)).toEqual(at(5, 0, 0));
    expect(repairedCursor(segments, at(9, 7, 3), 10)).toEqual(at(10, 0, 0));
  });

  it('reads on into the next segment, past a partial line a crash left', async () => {
    const segments = [await segment(1, ['a', 'b'], 'c-cut'), await segment(2, ['d'])];
    expect(await readSegments(segments, at(1, 2, 1), segments[1], limits)).toEqual({
      lines: ['b', 'd'],
      end: at(2, 2, 1),
    });
  });

  it('does not move past the end of the active segment, which may still grow', async () => {
    const segments = [await segment(1, ['a'], 'b-in-progress'), await segment(2, ['c'])];
    expect(await readSegments(segments, at(1, 2, 1), segments[0], limits)).toEqual({
      lines: [],
      end: at(1, 2, 1),
    });
    expect(await readSegments(segments, at(1, 2, 1), segments[1], limits)).toEqual({
      lines: ['c'],
      end: at(2, 2, 1),
    });
  });

  it('stops at the line limit, where the next read picks up', async () => {
    const segments = [await segment(1, ['a', 'b']), await segment(2, ['c'])];
    const first = await readSegments(segments, at(1, 0, 0), segments[1], {
      ...limits,
      maxLines: 2,
    });
    expect(first).toEqual({ lines: ['a', 'b'], end: at(2, 0, 0) });
    expect(await readSegments(segments, first.end, segments[1], limits)).toEqual({
      lines: ['c'],
      end: at(2, 2, 1),
    });
  });
});
