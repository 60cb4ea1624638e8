import type { Point } from '@influxdata/influxdb-client';

/** Line protocol timestamps in milliseconds: the shipper writes with `precision=ms`. */
function millis(value: string | number | Date | undefined): string | undefined {
  if (value instanceof Date) return String(value.getTime());
  if (typeof value === 'number') return String(Math.floor(value));
  return value === undefined ? undefined : value;
}

/** Encodes points as line protocol (one line each; points without fields are skipped). */
export function encodeLines(points: readonly Point[]): string[] {
  const lines: string[] = [];
  for (const point of points) {
    const line = point.toLineProtocol({ convertTime: millis });
    if (line) lines.push(line);
  }
  return lines;
}
