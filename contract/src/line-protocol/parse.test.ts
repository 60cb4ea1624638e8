import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TELEGRAF_FIXTURES_DIR } from '@ioworker/tools/fixtures';
import { describe, expect, it } from 'vitest';
import { parseLineProtocol, type FieldValue, type ParsedPoint } from './index.js';

const TELEGRAF_BODY = readFileSync(path.join(TELEGRAF_FIXTURES_DIR, 'body.lp'), 'utf8');

const float = (value: number): FieldValue => ({ type: 'float', value });
const int = (value: bigint): FieldValue => ({ type: 'int', value });
const uint = (value: bigint): FieldValue => ({ type: 'uint', value });
const bool = (value: boolean): FieldValue => ({ type: 'bool', value });
const str = (value: string): FieldValue => ({ type: 'string', value });

function only(body: string): ParsedPoint {
  const points = parseLineProtocol(body);
  expect(points).toHaveLength(1);
  return points[0]!;
}

function fieldOf(body: string): FieldValue | undefined {
  return [...only(body).fields.values()][0];
}

describe('parseLineProtocol: the examples of the InfluxDB line protocol reference', () => {
  it('reads measurement, tags, fields and timestamp', () => {
    expect(
      only('myMeasurement,tag1=value1,tag2=value2 fieldKey="fieldValue" 1556813561098000000'),
    ).toEqual({
      measurement: 'myMeasurement',
      tags: new Map([
        ['tag1', 'value1'],
        ['tag2', 'value2'],
      ]),
      fields: new Map([['fieldKey', str('fieldValue')]]),
      timestamp: 1556813561098000000n,
      line: 1,
    });
  });

  it.each([
    ['my\\ Measurement fieldKey="string value"', 'my Measurement', [], 'string value'],
    [
      'myMeasurement fieldKey="\\"string\\" within a string"',
      'myMeasurement',
      [],
      '"string" within a string',
    ],
    [
      'myMeasurement,tag\\ Key1=tag\\ Value1,tag\\ Key2=tag\\ Value2 fieldKey="x"',
      'myMeasurement',
      [
        ['tag Key1', 'tag Value1'],
        ['tag Key2', 'tag Value2'],
      ],
      'x',
    ],
    [
      'myMeasurement,tagKey=🍭 fieldKey="Launch 🚀" 1556813561098000000',
      'myMeasurement',
      [['tagKey', '🍭']],
      'Launch 🚀',
    ],
  ])('special characters: %s', (body, measurement, tags, value) => {
    const point = only(body);
    expect(point.measurement).toBe(measurement);
    expect(point.tags).toEqual(new Map(tags as [string, string][]));
    expect(point.fields.get('fieldKey')).toEqual(str(value));
  });
});

describe('parseLineProtocol: field values', () => {
  it.each([
    ['1.0', float(1)],
    ['1', float(1)],
    ['-1.234456e+78', float(-1.234456e78)],
    ['1e3', float(1000)],
    ['1.5E-3', float(0.0015)],
    ['1e-3', float(0.001)],
    ['.5', float(0.5)],
    ['-.5', float(-0.5)],
    ['5.', float(5)],
    ['007.50', float(7.5)],
    ['-0', float(-0)],
    ['0.1', float(0.1)],
    ['123456789012345.6', float(123456789012345.6)],
    ['17.616580305880305', float(17.616580305880305)],
    ['1.7976931348623157e308', float(Number.MAX_VALUE)],
    ['5e-324', float(5e-324)],
    ['1i', int(1n)],
    ['12485903i', int(12485903n)],
    ['-12485903i', int(-12485903n)],
    ['-0i', int(0n)],
    ['0000000000000000000042i', int(42n)],
    ['9223372036854775807i', int(9223372036854775807n)],
    ['-9223372036854775808i', int(-9223372036854775808n)],
    ['0u', uint(0n)],
    ['1u', uint(1n)],
    ['12485903u', uint(12485903n)],
    ['18446744073709551615u', uint(18446744073709551615n)],
    ...['t', 'T', 'true', 'True', 'TRUE'].map((text) => [text, bool(true)] as const),
    ...['f', 'F', 'false', 'False', 'FALSE'].map((text) => [text, bool(false)] as const),
    ['""', str('')],
    ['"a b,c=d #e"', str('a b,c=d #e')],
    ['"a\\\\b"', str('a\\b')],
    ['"a\\"b"', str('a"b')],
    ['"ends in a backslash\\\\"', str('ends in a backslash\\')],
    ['"C:\\\\Program Files\\\\"', str('C:\\Program Files\\')],
    // A backslash before anything but ", \, n, r or t is kept as written.
    ['"a\\b\\x\\ \\,"', str('a\\b\\x\\ \\,')],
    ['"two\nlines"', str('two\nlines')],
  ] as const)('%s', (text, expected) => {
    expect(fieldOf(`m v=${text}`)).toEqual(expected);
  });

  it('keeps the last value of a repeated field, in the first position', () => {
    const point = only('m a=1,b=2,a=3i');
    expect([...point.fields]).toEqual([
      ['a', int(3n)],
      ['b', float(2)],
    ]);
  });
});

describe('parseLineProtocol: escapes in names', () => {
  it.each([
    ['cpu\\,load v=1', 'cpu,load'],
    ['cpu\\ load v=1', 'cpu load'],
    // In a measurement, = needs no escape, so \= is a literal backslash and equals sign.
    ['cpu=load v=1', 'cpu=load'],
    ['cpu\\=load v=1', 'cpu\\=load'],
    ['c\\pu v=1', 'c\\pu'],
    // The docs' table reads \\ as one backslash; in names the reference decoder keeps both.
    ['c\\\\pu v=1', 'c\\\\pu'],
    ['c\\\\,pu v=1', 'c\\,pu'],
    ['"cpu" v=1', '"cpu"'],
    ['c#u v=1', 'c#u'],
  ])('measurement %s', (body, measurement) => {
    expect(only(body).measurement).toBe(measurement);
  });

  it.each([
    ['m,a\\,b=c\\,d v=1', 'a,b', 'c,d'],
    ['m,a\\=b=c\\=d v=1', 'a=b', 'c=d'],
    ['m,a\\ b=c\\ d v=1', 'a b', 'c d'],
    ['m,a\\b=c\\d v=1', 'a\\b', 'c\\d'],
    ['m,a=c\\\\,b v=1', 'a', 'c\\,b'],
    ['m,"a"=\'b\' v=1', '"a"', "'b'"],
  ])('tag %s', (body, key, value) => {
    expect(only(body).tags).toEqual(new Map([[key, value]]));
  });

  it.each([
    ['m a\\,b=1', 'a,b'],
    ['m a\\=b=1', 'a=b'],
    ['m a\\ b=1', 'a b'],
    ['m a\\b=1', 'a\\b'],
    ['m #a=1', '#a'],
  ])('field key %s', (body, key) => {
    expect([...only(body).fields.keys()]).toEqual([key]);
  });
});

describe('parseLineProtocol: lines', () => {
  it('reads an optional, signed timestamp', () => {
    expect(only('m v=1').timestamp).toBeUndefined();
    expect(only('m v=1 0').timestamp).toBe(0n);
    expect(only('m v=1 -1').timestamp).toBe(-1n);
    expect(only('m v=1 9223372036854775807').timestamp).toBe(9223372036854775807n);
    expect(only('m v=1 -9223372036854775808').timestamp).toBe(-9223372036854775808n);
  });

  it('skips comments and blank lines and counts lines from 1', () => {
    const body = [
      '# a comment',
      'a v=1',
      '',
      '   ',
      '   # an indented comment, with = , and "',
      'b,t=x v=2 10',
      '  \r',
      'c v="multi',
      'line"',
      'd v=4',
    ].join('\n');
    expect(parseLineProtocol(body).map((p) => [p.measurement, p.line])).toEqual([
      ['a', 2],
      ['b', 6],
      ['c', 8],
      ['d', 10],
    ]);
  });

  it('tolerates CRLF, trailing spaces, leading spaces and runs of spaces', () => {
    const points = parseLineProtocol('a v=1\r\nb v=2 5\r\n  c v=3  \r\nd  v=4   6  \r\n\r\n');
    expect(points.map((p) => [p.measurement, p.fields.get('v'), p.timestamp, p.line])).toEqual([
      ['a', float(1), undefined, 1],
      ['b', float(2), 5n, 2],
      ['c', float(3), undefined, 3],
      ['d', float(4), 6n, 4],
    ]);
  });

  it('returns nothing for an empty body, or one of comments and blank lines', () => {
    expect(parseLineProtocol('')).toEqual([]);
    expect(parseLineProtocol('\n\n# only\r\n  \n')).toEqual([]);
  });

  it('keeps a tag key named like an Object.prototype member as plain data', () => {
    const point = only('m,__proto__=x,constructor=y v=1');
    expect(point.tags.get('__proto__')).toBe('x');
    expect(point.tags.get('constructor')).toBe('y');
  });
});

// What InfluxData's reference decoder (github.com/influxdata/line-protocol/v2/lineprotocol,
// decoder.go) and the EBNF beside it (line-protocol.ebnf) accept, where InfluxDB's prose docs
// say otherwise or say nothing. Where they disagree we follow the decoder; the refusals are in
// parse-errors.test.ts.
describe('parseLineProtocol: what the reference decoder accepts', () => {
  it('EBNF lines: a CR that ends the body ends the last line, as LF and CRLF do', () => {
    expect(parseLineProtocol('a v=1\r').map((p) => p.measurement)).toEqual(['a']);
    expect(parseLineProtocol('a v=1 5  \r')[0]!.timestamp).toBe(5n);
    expect(parseLineProtocol('a v=1\n  \r')).toHaveLength(1);
  });

  it('EBNF line: spaces, and only spaces, may indent a line or a comment', () => {
    expect(parseLineProtocol('   m v=1\n   # note\n').map((p) => p.measurement)).toEqual(['m']);
  });

  it('comments: a comment may hold any character but a control character, to the line end', () => {
    expect(parseLineProtocol('# a, b=c "d" \\ é 😀 \u0085\r\nm v=1')).toHaveLength(1);
  });

  it('naming restrictions: a leading "_" is accepted (docs reserve it, the decoder does not check)', () => {
    const point = only('_m,_t=_v _f=1');
    expect(point.measurement).toBe('_m');
    expect(point.tags).toEqual(new Map([['_t', '_v']]));
    expect([...point.fields.keys()]).toEqual(['_f']);
  });

  it('names: any code point from U+0080 up is an ordinary character (U+0085, U+00A0, U+2028 too)', () => {
    const point = only('m\u0085,t\u00a0=v\u2028 f\u2029=1');
    expect(point.measurement).toBe('m\u0085');
    expect(point.tags).toEqual(new Map([['t\u00a0', 'v\u2028']]));
    expect([...point.fields.keys()]).toEqual(['f\u2029']);
  });

  it.each([
    ['"\\n\\r\\t"', '\n\r\t'],
    ['"a\\nb"', 'a\nb'],
    ['"\\\\n"', '\\n'],
    ['"\\\\\\n"', '\\\n'],
    ['"\\N\\T"', '\\N\\T'],
  ])(
    'EBNF stringfield: \\n, \\r and \\t are escapes, as in the decoder (docs: only \\" and \\\\): %s',
    (text, value) => {
      expect(fieldOf(`m v=${text}`)).toEqual(str(value));
    },
  );

  it('EBNF stringfield: a string value may hold any character raw, control characters included', () => {
    const raw = '\u0000\u0001\t\u000b\u000c\r\u001f\u007f\n,= #';
    expect(fieldOf(`m v="${raw}"`)).toEqual(str(raw));
  });

  it('timestamps: the whole int64 range, as the decoder reads it (docs give ±9223372036854775806)', () => {
    expect(only('m v=1 9223372036854775807').timestamp).toBe(9223372036854775807n);
    expect(only('m v=1 -9223372036854775808').timestamp).toBe(-9223372036854775808n);
    expect(only('m v=1 -0').timestamp).toBe(0n);
    expect(only('m v=1 0005').timestamp).toBe(5n);
  });
});

describe('parseLineProtocol: a real Telegraf body (body.lp)', () => {
  it('parses every line', () => {
    const points = parseLineProtocol(TELEGRAF_BODY);
    expect(points.map((p) => p.measurement)).toEqual([
      'nvidia_smi',
      'nvidia_smi',
      'nvidia_smi',
      'nvidia_smi',
      'system',
      'system',
      'system',
      'net',
      'cpu',
      'mem',
    ]);
    expect(points.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [rtx3090] = points;
    expect(rtx3090!.tags.get('name')).toBe('NVIDIA GeForce RTX 3090');
    expect(rtx3090!.fields.size).toBe(29);
    expect(rtx3090!.fields.get('power_draw')).toEqual(float(27.48));
    expect(rtx3090!.fields.get('power_limit')).toEqual(float(350));
    expect(rtx3090!.fields.get('temperature_gpu')).toEqual(int(35n));
    expect(rtx3090!.fields.get('driver_version')).toEqual(str('525.147.05'));
    expect(rtx3090!.timestamp).toBe(1714733665000000000n);
    expect(points[6]!.fields.get('uptime_format')).toEqual(str('14 days, 11:07'));
    expect(points[9]!.fields.get('vmalloc_total')).toEqual(int(35184372087808n));
  });

  it('measures the parse rate (logged, not asserted)', () => {
    const simple = Array.from(
      { length: 1000 },
      (_, i) => `cpu,host=server${i % 10} usage=${i}.5 ${1700000000000000000n + BigInt(i)}`,
    ).join('\n');
    logRate('simple', simple, 1000);
    logRate('Telegraf (body.lp)', TELEGRAF_BODY.repeat(100), 1000);
  });
});

function logRate(name: string, body: string, lines: number): void {
  for (let i = 0; i < 20; i++) parseLineProtocol(body);
  const started = performance.now();
  let parsed = 0;
  while (performance.now() - started < 300) {
    parseLineProtocol(body);
    parsed += lines;
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(parsed / seconds).toLocaleString('en');
  const megabytes = Math.round((body.length * parsed) / lines / seconds / 1e6);
  console.log(`line protocol, ${name} lines: ${rate} lines/s (${megabytes} MB/s)`);
}
