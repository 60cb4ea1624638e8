import { describe, expect, it } from 'vitest';
import { formatLine, parseLineProtocol, type FieldValue } from './index.js';

function line(
  fields: [string, FieldValue][],
  extra: { measurement?: string; tags?: [string, string][]; timestamp?: bigint } = {},
): string {
  return formatLine({ measurement: 'm', tags: [], fields, ...extra });
}

describe('formatLine', () => {
  it('writes measurement, tags sorted by key, fields in order, and the timestamp', () => {
    expect(
      formatLine({
        measurement: 'gpu',
        tags: new Map([
          ['uuid', 'GPU-1'],
          ['device', 'dev_1'],
          ['gpu', '0'],
        ]),
        fields: new Map<string, FieldValue>([
          ['temperature_c', { type: 'float', value: 61.5 }],
          ['throttled', { type: 'int', value: 0n }],
        ]),
        timestamp: 1714733665000000000n,
      }),
    ).toBe('gpu,device=dev_1,gpu=0,uuid=GPU-1 temperature_c=61.5,throttled=0i 1714733665000000000');
  });

  it.each([
    ['1', { type: 'float', value: 1 }],
    ['-1.5', { type: 'float', value: -1.5 }],
    ['0.1', { type: 'float', value: 0.1 }],
    ['-0', { type: 'float', value: -0 }],
    ['1e+21', { type: 'float', value: 1e21 }],
    ['1.5e-7', { type: 'float', value: 1.5e-7 }],
    ['1.7976931348623157e+308', { type: 'float', value: Number.MAX_VALUE }],
    ['-9223372036854775808i', { type: 'int', value: -9223372036854775808n }],
    ['9223372036854775807i', { type: 'int', value: 9223372036854775807n }],
    // InfluxDB 1.x knows no `u`.
    ['42i', { type: 'uint', value: 42n }],
    ['9223372036854775807i', { type: 'uint', value: 9223372036854775807n }],
    ['true', { type: 'bool', value: true }],
    ['false', { type: 'bool', value: false }],
    ['""', { type: 'string', value: '' }],
    ['"say \\"hi\\", a=b c\\\\d"', { type: 'string', value: 'say "hi", a=b c\\d' }],
    ['"two\nlines"', { type: 'string', value: 'two\nlines' }],
  ] satisfies [string, FieldValue][])('writes %s', (text, value) => {
    expect(line([['v', value]])).toBe(`m v=${text}`);
  });

  it('writes uint with `u` when asked to', () => {
    const value: FieldValue = { type: 'uint', value: 18446744073709551615n };
    expect(
      formatLine({ measurement: 'm', tags: [], fields: [['v', value]] }, { uintSupport: true }),
    ).toBe('m v=18446744073709551615u');
  });

  it('escapes names where line protocol needs it, and only there', () => {
    expect(
      line([['f,=\\ x', { type: 'bool', value: true }]], {
        measurement: 'a,b c=d\\e"',
        tags: [['t,=\\ k', 'v,=\\ "v']],
      }),
    ).toBe('a\\,b\\ c=d\\e",t\\,\\=\\\\ k=v\\,\\=\\\\ "v f\\,\\=\\\\ x=true');
  });

  it('sorts tags in byte order, as InfluxDB does (not UTF-16 order)', () => {
    const tags: [string, string][] = [
      ['😀', '1'],
      ['\uff21', '2'],
      ['b', '3'],
      ['B', '4'],
    ];
    expect(line([['v', { type: 'bool', value: true }]], { tags })).toBe(
      'm,B=4,b=3,\uff21=2,😀=1 v=true',
    );
  });

  it('leaves out a tag with an empty value, which InfluxDB reads as absent', () => {
    expect(
      line([['v', { type: 'bool', value: true }]], {
        tags: [
          ['a', ''],
          ['b', 'x'],
        ],
      }),
    ).toBe('m,b=x v=true');
  });

  it.each([
    [
      'sorted',
      [
        ['a', '1'],
        ['a', '2'],
        ['b', '3'],
      ],
      'm,a=2,b=3 v=true',
    ],
    [
      'unsorted',
      [
        ['b', '1'],
        ['a', 'x'],
        ['b', '2'],
      ],
      'm,a=x,b=2 v=true',
    ],
    [
      'a Map',
      new Map([
        ['b', '1'],
        ['a', 'x'],
      ]),
      'm,a=x,b=1 v=true',
    ],
    [
      'ending empty',
      [
        ['b', 'x'],
        ['a', '1'],
        ['a', ''],
      ],
      'm,b=x v=true',
    ],
  ] satisfies [string, Iterable<[string, string]>, string][])(
    'writes a repeated tag key once, with its last value (%s)',
    (_, tags, expected) => {
      expect(
        formatLine({ measurement: 'm', tags, fields: [['v', { type: 'bool', value: true }]] }),
      ).toBe(expected);
    },
  );

  it('names the tag whose value cannot be written', () => {
    expect(() =>
      line([['v', { type: 'bool', value: true }]], { tags: [['host', 'a\u0001']] }),
    ).toThrow(
      'value of tag "host" "a\\u0001" cannot be written in line protocol (control character U+0001)',
    );
  });

  it('names the control character that cannot be written', () => {
    expect(() => line([['v', { type: 'bool', value: true }]], { measurement: 'm\vx' })).toThrow(
      'measurement "m\\u000bx" cannot be written in line protocol (control character U+000B)',
    );
  });

  it('writes control characters in a string value raw, as the reference decoder reads them', () => {
    const value = '\0\t\v\f\r\n\x1f\x7f';
    const text = line([['v', { type: 'string', value }]]);
    expect(text).toBe(`m v="${value}"`);
    expect(parseLineProtocol(text)[0]!.fields.get('v')).toEqual({ type: 'string', value });
  });

  it('reads back what the parser read', () => {
    const body = 'my\\ m,b=x\\,y,a=1 s="q\\"\\\\",i=-3i,f=2.5,b=t 123';
    const [point] = parseLineProtocol(body);
    const again = parseLineProtocol(formatLine(point!));
    expect(again).toEqual([point]);
  });

  it.each([
    ['an empty measurement', { measurement: '' }],
    ['a measurement line protocol would read as a comment', { measurement: '#m' }],
    ['a measurement starting with a tab, which indents no line', { measurement: '\tm' }],
    ['a vertical tab in a measurement (EBNF nonprintable_char)', { measurement: 'm\vx' }],
    ['a DEL in a measurement', { measurement: 'm\x7f' }],
    ['a form feed in a tag key', { tags: [['k\f', 'v']] }],
    ['a NUL in a tag value', { tags: [['k', '\0']] }],
    ['a bare CR in a tag value', { tags: [['k', 'a\rb']] }],
    ['a tab in a field key', { fields: [['a\tb', { type: 'bool', value: true }]] }],
    ['U+001F in a field key', { fields: [['\x1f', { type: 'bool', value: true }]] }],
    ['a name ending in a backslash', { measurement: 'm\\' }],
    ['a tag key ending in a backslash', { tags: [['k\\', 'v']] }],
    ['a tag value ending in a backslash', { tags: [['k', 'v\\']] }],
    ['a newline in a tag value', { tags: [['k', 'a\nb']] }],
    ['an empty tag key', { tags: [['', 'v']] }],
    ['an empty field key', { fields: [['', { type: 'bool', value: true }]] }],
    ['no fields', { fields: [] }],
    ['NaN', { fields: [['v', { type: 'float', value: Number.NaN }]] }],
    ['Infinity', { fields: [['v', { type: 'float', value: -Infinity }]] }],
    ['an int beyond int64', { fields: [['v', { type: 'int', value: 2n ** 63n }]] }],
    [
      'a uint beyond int64 for InfluxDB 1.x',
      { fields: [['v', { type: 'uint', value: 2n ** 63n }]] },
    ],
    ['a negative uint', { fields: [['v', { type: 'uint', value: -1n }]] }],
    ['a timestamp beyond int64', { timestamp: -(2n ** 63n) - 1n }],
  ] satisfies [string, Partial<Parameters<typeof formatLine>[0]>][])(
    'refuses %s with a RangeError',
    (_, override) => {
      const point = {
        measurement: 'm',
        tags: [] as [string, string][],
        fields: [['v', { type: 'bool', value: true }]] as [string, FieldValue][],
        ...override,
      };
      expect(() => formatLine(point)).toThrow(RangeError);
    },
  );
});
