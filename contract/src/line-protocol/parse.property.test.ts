import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeKey, escapeMeasurement } from './escape.js';
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
const SPECIAL = [',', '=', ' ', '"', '\\', '#', "'", '-', '.', '0', 'i', 'u', 't', 'n', 'r', '_'];
/**
 * The reference decoder's nonprintable_char: U+0000–U+001F (tab, LF, vertical tab, form feed, CR
 * among them) and U+007F. It refuses every one of them in a name; string values may hold them.
 */
const CONTROLS = [...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code)), '\x7f'];
const control = fc.constantFrom(...CONTROLS);
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const printable = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.constantFrom('a', 'Z', 'é', '😀', '\u0085', '\u00a0', '\u2028'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !hasControl(c)),
);
const char = fc.oneof({ weight: 3, arbitrary: printable }, { weight: 1, arbitrary: control });

/** Any name at all: empty, with control characters, ending in a backslash. */
const anyName = fc.string({ unit: char, maxLength: 12 });

/** What formatLine can write (see its documentation); the parser never returns anything else. */
const isWritableName = (s: string): boolean => s !== '' && !hasControl(s) && !s.endsWith('\\');
const isWritableMeasurement = (s: string): boolean => isWritableName(s) && !s.startsWith('#');
const name = fc.string({ unit: printable, minLength: 1, maxLength: 12 }).filter(isWritableName);
const measurement = name.filter(isWritableMeasurement);

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
  return formatLine(p, { uintSupport });
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
    const separator = fc.constantFrom('\n', '\r\n', '\n\n', '\n# note, "quoted\n', '\n  \r\n');
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

describe('formatLine on any names', () => {
  const anyPoint = fc.record({
    measurement: fc.oneof(anyName, measurement),
    tags: fc.uniqueArray(fc.tuple(fc.oneof(anyName, name), fc.oneof(anyName, name)), {
      selector: ([key]) => key,
      maxLength: 3,
    }),
    fields: fc.uniqueArray(fc.tuple(fc.oneof(anyName, name), fieldValue), {
      selector: ([key]) => key,
      minLength: 1,
      maxLength: 3,
    }),
    timestamp: fc.constant(undefined),
  });

  it('refuses with a RangeError what cannot be written, and writes what reads back the same', () => {
    fc.assert(
      fc.property(anyPoint, (p) => {
        // A tag with an empty value is left out unread, so only the others need writable names.
        const tags = p.tags.filter(([, value]) => value !== '');
        const writable =
          isWritableMeasurement(p.measurement) &&
          tags.every(([key, value]) => isWritableName(key) && isWritableName(value)) &&
          p.fields.every(([key]) => isWritableName(key));
        if (!writable) {
          expect(() => format(p)).toThrow(RangeError);
          return;
        }
        expect(parseLineProtocol(format(p))).toEqual([expected({ ...p, tags })]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseLineProtocol on control characters in names', () => {
  // A writable point with one control character put into one of its names, written as formatLine
  // would write it but with that character raw, since line protocol has no escape for it.
  const pointWithControl = fc
    .tuple(point, fc.nat(), fc.nat(), control)
    .map(([p, which, at, c]) => {
      const names = [p.measurement, ...p.tags.flat(), ...p.fields.map(([key]) => key)];
      const target = which % names.length;
      const old = names[target]!;
      const i = at % (old.length + 1);
      names[target] = old.slice(0, i) + c + old.slice(i);
      const [m, ...rest] = names;
      const tags = p.tags.map(
        (_, t) => `,${escapeKey(rest[2 * t]!)}=${escapeKey(rest[2 * t + 1]!)}`,
      );
      const keys = rest.slice(2 * p.tags.length);
      const fields = p.fields.map(([, value], f) => `${escapeKey(keys[f]!)}=${formatValue(value)}`);
      return { line: `${escapeMeasurement(m!)}${tags.join('')} ${fields.join(',')}`, names };
    })
    // A LF before the measurement only makes a blank line first: the measurement does not hold it.
    .filter(({ line }) => !line.startsWith('\n'));

  it('never accepts a name holding a control character, which the reference decoder refuses', () => {
    fc.assert(
      fc.property(pointWithControl, ({ line, names }) => {
        expect(names.some(hasControl)).toBe(true);
        expect(() => parseLineProtocol(line)).toThrow(LineProtocolError);
      }),
      { numRuns: 3000 },
    );
  });
});

/** One field value as formatLine writes it. */
function formatValue(value: FieldValue): string {
  const line = formatLine(
    { measurement: 'm', tags: [], fields: [['v', value]] },
    { uintSupport: true },
  );
  return line.slice('m v='.length);
}

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
  // No name holds a control character, and whatever was accepted can be written back and reads
  // the same.
  for (const p of points) {
    const names = [p.measurement, ...p.tags.keys(), ...p.tags.values(), ...p.fields.keys()];
    expect(names.filter(hasControl)).toEqual([]);
    const again = parseLineProtocol(formatLine(p, { uintSupport: true }));
    expect(again).toEqual([{ ...p, line: 1 }]);
  }
}

const grammarChar = fc.constantFrom(
  ...[',', '=', ' ', '"', '\\', '#', '\n', '\r', '\r\n', 'm', 'a', '1', '0', '-', '+', '.', 'e'],
  ...['E', 'i', 'u', 't', 'f', 'T', 'F', 'r', 'a', 'l', 's', 'n'],
  ...CONTROLS,
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
    fc.constantFrom('', 'm ', 'm f=', 'm f="', 'm,t=', 'm f=1 ', 'm f="a" ', '#', '  '),
    fc.constantFrom(
      ...['\\', '"', '\\"', '"\\', '\\\\"', ',', '=', ' ', '\n', 'a=', 'm f="', '1', '-'],
      ...['\t', '\r', '\v', '\r\n', ' \r', '\\n', '# x\n', '\0'],
    ),
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
