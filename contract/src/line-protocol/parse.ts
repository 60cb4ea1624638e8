import { LineScanner } from './scanner.js';
import type { ParsedPoint, PointSpan } from './types.js';

/**
 * Parses an InfluxDB line-protocol body (`measurement[,tag=value…] field=value[,…] [timestamp]`
 * per line) in one pass over its char codes. Throws a LineProtocolError naming the first bad line.
 *
 * @example
 * parseLineProtocol('gpu,gpu=0 temperature_c=61.5,throttled=0i 1714733665000000000\n');
 * // [{ measurement: 'gpu', tags: Map {gpu → '0'}, fields: Map {…}, timestamp: 1714733665000000000n, line: 1 }]
 */
export function parseLineProtocol(body: string): ParsedPoint[] {
  const scanner = new LineScanner(body);
  const points: ParsedPoint[] = [];
  while (scanner.skipBlankLines()) points.push(scanner.readPoint());
  return points;
}

/**
 * Takes the line starting at `start` (1-based `line`) whole, without it being parsed, by
 * returning where it ends: the index of its `\n`, or the body's length. -1 leaves it to the
 * parser. A caller claims only single lines it has checked itself, all of their syntax included.
 */
export type LineClaim = (start: number, line: number) => number;

/**
 * As `parseLineProtocol`, handing each point to `visit` with where it lies in the body, to forward
 * lines as written; nothing of a point is kept unless `visit` keeps it. Lines `claim` takes are
 * skipped.
 */
export function scanLineProtocol(
  body: string,
  visit: (point: ParsedPoint, span: PointSpan) => void,
  claim?: LineClaim,
): void {
  const scanner = new LineScanner(body);
  while (scanner.skipBlankLines()) {
    const claimedEnd = claim ? scanner.claimLine(claim) : -1;
    if (claimedEnd < 0) visit(scanner.readPoint(), scanner.lastSpan());
  }
}
