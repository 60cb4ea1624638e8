import { comparePositions, type LogPosition } from './log-state.js';
import { readLines, type ScannedSegment } from './segment-files.js';

/** Segments oldest first, as the disk log holds them. */
type Segments = readonly ScannedSegment[];

/** Just past the last complete line of the newest segment; `cursor` when there is none. */
export function endPosition(segments: Segments, cursor: LogPosition): LogPosition {
  const last = segments.at(-1);
  return last ? { segment: last.seq, offset: last.completeSize, line: last.lines } : { ...cursor };
}

/** Complete lines from `from` to `to`, counting only segments that still exist. */
export function linesBetween(segments: Segments, from: LogPosition, to: LogPosition): number {
  if (comparePositions(to, from) <= 0) return 0;
  if (from.segment === to.segment) return to.line - from.line;
  let count = to.line;
  for (const segment of segments) {
    if (segment.seq === from.segment) count += segment.lines - from.line;
    else if (segment.seq > from.segment && segment.seq < to.segment) count += segment.lines;
  }
  return count;
}

/**
 * The cursor pointed at data that exists, after a crash or a hand-edited state: within its
 * segment's complete lines, else the start of the next segment (or of the one to be written).
 */
export function repairedCursor(
  segments: Segments,
  cursor: LogPosition,
  nextSeq: number,
): LogPosition {
  const current = segments.find((segment) => segment.seq === cursor.segment);
  if (current) {
    return cursor.offset > current.completeSize || cursor.line > current.lines
      ? { segment: current.seq, offset: current.completeSize, line: current.lines }
      : cursor;
  }
  const later = segments.find((segment) => segment.seq > cursor.segment);
  return { segment: later?.seq ?? nextSeq, offset: 0, line: 0 };
}

/**
 * The complete lines from `start` on, read from the segment files: at most `maxLines`, and at
 * most `maxBytes` unless the first line alone is longer. `end` is where the next read starts:
 * past the lines read, and past a finished segment's end, but never past the end of the
 * `active` one, which may still grow.
 */
export async function readSegments(
  segments: Segments,
  start: LogPosition,
  active: ScannedSegment | undefined,
  { maxLines, maxBytes }: { maxLines: number; maxBytes: number },
): Promise<{ lines: string[]; end: LogPosition }> {
  let position = start;
  const lines: string[] = [];
  let bytes = 0;
  let index = segments.findIndex((segment) => segment.seq >= position.segment);
  while (index >= 0 && index < segments.length) {
    const segment = segments[index] as ScannedSegment;
    if (segment.seq !== position.segment) position = { segment: segment.seq, offset: 0, line: 0 };
    if (lines.length < maxLines && bytes < maxBytes && position.offset < segment.completeSize) {
      const read = await readLines(
        segment.file,
        position.offset,
        segment.completeSize,
        maxLines - lines.length,
        maxBytes - bytes,
      );
      lines.push(...read.lines);
      bytes += read.bytes;
      position = {
        segment: segment.seq,
        offset: position.offset + read.bytes,
        line: position.line + read.lines.length,
      };
    }
    const finished = position.offset >= segment.completeSize && segment !== active;
    const next = segments[index + 1];
    if (!finished || !next) break;
    position = { segment: next.seq, offset: 0, line: 0 };
    index += 1;
    if (lines.length >= maxLines || bytes >= maxBytes) break;
  }
  return { lines, end: position };
}
