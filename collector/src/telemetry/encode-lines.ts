import { formatLine } from '@ioworker/contract/line-protocol';
import type { TelemetryPoint } from './points.js';

/**
 * Encodes points as line protocol with the repository's one formatter (one line each, the
 * timestamp in milliseconds, as the shipper writes `precision=ms`); points without fields, such
 * as a GPU that reported nothing, are skipped.
 */
export function encodeLines(points: readonly TelemetryPoint[]): string[] {
  const lines: string[] = [];
  for (const point of points) {
    if (point.fields.length > 0) lines.push(formatLine(point));
  }
  return lines;
}
