import { parseLineProtocol, type ParsedPoint } from '@ioworker/contract/line-protocol';

/** One line as the collector's tests compare it: plain records instead of Maps and bigints. */
export type ParsedLine = {
  measurement: string;
  tags: Record<string, string>;
  /** Field values: ints and floats as numbers, strings as they are. */
  fields: Record<string, number | string>;
  /** Fields written as integers (`i` suffix). */
  intFields: string[];
  timestamp: number;
};

function toParsedLine(point: ParsedPoint): ParsedLine {
  const fields: Record<string, number | string> = {};
  const intFields: string[] = [];
  for (const [key, field] of point.fields) {
    if (field.type === 'int') intFields.push(key);
    fields[key] = typeof field.value === 'string' ? field.value : Number(field.value);
  }
  if (point.timestamp === undefined) throw new Error(`line ${point.line} has no timestamp`);
  return {
    measurement: point.measurement,
    tags: Object.fromEntries(point.tags),
    fields,
    intFields,
    timestamp: Number(point.timestamp),
  };
}

/** Parses one line of the collector's output with the parser the API uses. */
export function parseLine(line: string): ParsedLine {
  const points = parseLineProtocol(line);
  if (points.length !== 1) throw new Error(`expected one line, got ${points.length}: ${line}`);
  return toParsedLine(points[0] as ParsedPoint);
}
