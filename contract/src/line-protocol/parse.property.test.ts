import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LineProtocolError,
  formatLine,
  parseLineProtocol,
  type FieldValue,
  type ParsedPoint,
} from './index.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// What line protocol treats specially, plus any code point at all (lone surrogates included).
const SPECIAL = [
  ',',
  '=',
  ' ',
  '"',
  '\\',
  '#',
  '\t',
  '\r',
  '\n',
  "'",
  '-',
  '.',
  '0',
  'i',
  'u',
  't',
];
const char = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.constantFrom('a', 'Z', 'é', '😀'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const text = fc.string({ unit: char, maxLength: 12 });

/** What formatLine can write (see its documentation); the parser never returns anything else. */
const name = text.filter((s) => s !== '' && !s.includes('\n') && !s.endsWith('\\'));
const measurement = name.filter((s) => !['#', '\t', '\r'].includes(s.charAt(0)));

const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .map((value) => ({ type: 'float' as const, value })),
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }).map((value) => ({ type: 'int' as const, value })),
  fc.bigInt({ min: 0n, max: UINT64_MAX }).map((value) => ({ type: 'uint' as const, value })),
  fc.boolean().map((value) => ({ type: 'bool' as const, value })),
  fc.string({ unit: char }).map((value) => ({ type: 'string' as const, value })),
);

const point = fc.record({
  measurement,
  tags: fc.uniqueArray(fc.tuple(name, name), { selector: ([key]) => key, maxLength: 4 }),
  fields: fc.uniqueArray(fc.tuple(name, fieldValue), {
    selector: ([key]) => key,
    minLength: 1,
    maxLength: 4,
  }),
  timestamp: fc.option(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), { nil: undefined }),
});
type Point = typeof point extends fc.Arbitrary<infer T> ? T : never;

function format(p: Point, uintSupport = true): string {
  return formatLine({ ...p, timestampNs: p.timestamp }, { uintSupport });
}

function expected(p: Point, line = 1): ParsedPoint {
  return { ...p, tags: new Map(p.tags), fields: new Map(p.fields), line };
}

function asInt(value: FieldValue): FieldValue {
  return value.type === 'uint' ? { type: 'int', value: value.value } : value;
}

describe('formatLine then parseLineProtocol', () => {
  it('gives back the same point, whatever the names and values', () => {
    fc.assert(
      fc.property(point, (p) => {
        expect(parseLineProtocol(format(p))).toEqual([expected(p)]);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives back uints as ints for InfluxDB 1.x, and refuses those beyond int64', () => {
    fc.assert(
      fc.property(point, (p) => {
        const tooBig = p.fields.some(([, v]) => v.type === 'uint' && v.value > INT64_MAX);
        if (tooBig) {
          expect(() => format(p, false)).toThrow(RangeError);
          return;
        }
        const fields = p.fields.map(([key, value]): [string, FieldValue] => [key, asInt(value)]);
        expect(parseLineProtocol(format(p, false))).toEqual([expected({ ...p, fields })]);
      }),
      { numRuns: 500 },
    );
  });

  it('numbers the lines of a body, across comments, blank lines, CRLF and multi-line strings', () => {
    const separator = fc.constantFrom('\n', '\r\n', '\n\n', '\n# note, "quoted\n', '\n \t\r\n');
    const body = fc.array(fc.tuple(point, separator), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(body, (entries) => {
        let text = '';
        const points: ParsedPoint[] = [];
        for (const [p, after] of entries) {
          points.push(expected(p, text.split('\n').length));
          text += format(p) + after;
        }
        expect(parseLineProtocol(text)).toEqual(points);
      }),
      { numRuns: 500 },
    );
  });
});

/** Either points or a LineProtocolError on a line the body has; any other throw fails the test. */
function checkOutcome(body: string): void {
  const started = performance.now();
  let points: ParsedPoint[];
  try {
    points = parseLineProtocol(body);
  } catch (error) {
    if (!(error instanceof LineProtocolError)) throw error;
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(body.split('\n').length);
    return;
  } finally {
    expect(performance.now() - started).toBeLessThan(500);
  }
  // Whatever was accepted can be written back and reads the same.
  for (const p of points) {
    const again = parseLineProtocol(
      formatLine({ ...p, timestampNs: p.timestamp }, { uintSupport: true }),
    );
    expect(again).toEqual([{ ...p, line: 1 }]);
  }
}

const grammarChar = fc.constantFrom(
  ...[',', '=', ' ', '"', '\\', '#', '\n', '\r', '\t', 'm', 'a', '1', '0', '-', '+', '.', 'e'],
  ...['E', 'i', 'u', 't', 'f', 'T', 'F', 'r', 'a', 'l', 's'],
);

const mutated = fc
  .tuple(
    point,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), char), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([p, edits]) => {
    let line = format(p);
    for (const [at, edit, c] of edits) {
      const i = line.length === 0 ? 0 : at % line.length;
      const keep = edit === 'insert' ? i : i + 1;
      line = line.slice(0, i) + (edit === 'delete' ? '' : c) + line.slice(keep);
    }
    return line;
  });

const repeated = fc
  .tuple(
    fc.constantFrom('', 'm ', 'm f=', 'm f="', 'm,t=', 'm f=1 ', 'm f="a" ', '#'),
    fc.constantFrom('\\', '"', '\\"', '"\\', '\\\\"', ',', '=', ' ', '\n', 'a=', 'm f="', '1', '-'),
    fc.integer({ min: 1, max: 100_000 }),
  )
  .map(([prefix, unit, times]) => prefix + unit.repeat(times));

describe('parseLineProtocol on any input', () => {
  it.each([
    ['arbitrary code points', fc.string({ unit: 'binary', maxLength: 200 })],
    ['arbitrary line-protocol characters', fc.string({ unit: grammarChar, maxLength: 200 })],
    ['mutations of valid lines', mutated],
    ['long runs of backslashes, quotes and separators', repeated],
  ])('%s: returns points or throws LineProtocolError, quickly', (_, input) => {
    fc.assert(fc.property(input, checkOutcome), { numRuns: 3000 });
  });
});
