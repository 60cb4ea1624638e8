import { describe, expect, it } from 'vitest';
import { LineProtocolError, parseLineProtocol } from './index.js';

function errorOf(body: string): LineProtocolError {
  try {
    parseLineProtocol(body);
  } catch (error) {
    if (error instanceof LineProtocolError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(body)} to be rejected`);
}

describe('parseLineProtocol: malformed lines', () => {
  it.each([
    // measurement and tags
    ['m', 'missing fields'],
    ['m   ', 'missing fields'],
    ['m\r', 'missing fields'],
    ['m,t=1', 'missing fields'],
    ['m,t=1 \r', 'missing fields'],
    [',t=1 v=1', 'missing measurement'],
    ['  ,t=1 v=1', 'missing measurement'],
    ['m,=1 v=1', 'empty tag key'],
    ['m, v=1', 'empty tag key'],
    ['m,t=1, v=1', 'empty tag key'],
    ['m,t v=1', 'tag "t" has no value (no "=")'],
    ['m,t= v=1', 'empty value for tag "t"'],
    ['m,t=a=b v=1', 'unescaped "=" in the value of tag "t"'],
    ['m,t=a,t=b v=1', 'duplicate tag "t"'],
    // fields
    ['m =1', 'empty field key'],
    ['m v=1,', 'empty field key'],
    ['m v=1,,w=2', 'empty field key'],
    ['m v', 'field "v" has no value (no "=")'],
    ['m v w=1', 'field "v" has no value (no "=")'],
    ['m v=', 'missing value for field "v"'],
    ['m v=,w=1', 'missing value for field "v"'],
    ['m v= 1', 'missing value for field "v"'],
    ['m v="abc', 'unterminated string value for field "v"'],
    ['m v="abc\\"', 'unterminated string value for field "v"'],
    ['m v="a"b', 'unexpected text after the fields: "b"'],
    ['m v="a""b"', 'unexpected text after the fields: "\\"b\\""'],
    ['m v=1 ,', 'unexpected text after the fields: ","'],
    // timestamps
    ['m v=1 12a', 'invalid timestamp "12a"'],
    ['m v=1 1.5', 'invalid timestamp "1.5"'],
    ['m v=1 1e9', 'invalid timestamp "1e9"'],
    ['m v=1 +5', 'invalid timestamp "+5"'],
    ['m v=1 -', 'invalid timestamp "-"'],
    ['m v=1 9223372036854775808', 'timestamp "9223372036854775808" is out of range'],
    ['m v=1 -9223372036854775809', 'timestamp "-9223372036854775809" is out of range'],
    ['m v=1 1 2', 'unexpected text after the timestamp: " 2"'],
    ['m v=1 1,2', 'unexpected text after the timestamp: ",2"'],
    ['m v=1 1 # no comments here', 'unexpected text after the timestamp: " # no comments here"'],
  ])('%j: %s', (body, reason) => {
    const error = errorOf(body);
    expect(error).toBeInstanceOf(LineProtocolError);
    expect(error.reason).toBe(reason);
    expect(error.line).toBe(1);
    expect(error.message).toBe(`line 1: ${reason}`);
  });

  it.each([
    'abc',
    '+1',
    '+1.5',
    '1.2.3',
    '1e',
    '1e+',
    '1e1.5',
    'e5',
    '-',
    '.',
    '-.',
    '.e5',
    '0x10',
    // Go's strconv.ParseFloat, which the reference decoder calls, also takes digit underscores
    // and hex floats; the EBNF beside it (floatfield) and InfluxDB's docs do not, nor do we.
    '1_000',
    '1e1_0',
    '0x1p4',
    '-0x1p-2',
    'NaN',
    'nan',
    'Inf',
    '-Inf',
    'Infinity',
    '1.5i',
    '1e3i',
    '+1i',
    '-i',
    'i',
    '-1u',
    '+1u',
    '1.0u',
    'u',
    '1iu',
    '1ii',
    'tru',
    'yes',
    'tRUE',
    'falsey',
    "'single'",
    '1"',
  ])('invalid field value %s', (text) => {
    expect(errorOf(`m temp=${text}`).reason).toBe(
      `invalid field value ${JSON.stringify(text)} for field "temp"`,
    );
  });

  it.each([
    '9223372036854775808i',
    '-9223372036854775809i',
    '18446744073709551616u',
    '1e309',
    '-1e309',
  ])('out-of-range field value %s', (text) => {
    expect(errorOf(`m temp=${text}`).reason).toBe(
      `field value ${JSON.stringify(text)} for field "temp" is out of range`,
    );
  });
});

// InfluxData's reference decoder (github.com/influxdata/line-protocol/v2/lineprotocol, decoder.go)
// and its EBNF (line-protocol.ebnf): a control character (nonprintable_char: U+0000–U+001F and
// U+007F) is never part of a measurement, key or tag value, the only separator is the space, and
// a line ends at LF, CRLF or a CR that ends the body.
describe('parseLineProtocol: control characters and whitespace, refused as the reference decoder does', () => {
  it.each([
    // measurement_start / measurement_regular_char
    [
      'EBNF measurement_start: no vertical tab',
      '\vm v=1',
      'invalid character U+000B in measurement',
    ],
    ['EBNF measurement_start: no NUL', '\0m v=1', 'invalid character U+0000 in measurement'],
    [
      'EBNF measurement_regular_char: no form feed',
      'm\fx v=1',
      'invalid character U+000C in measurement',
    ],
    [
      'EBNF measurement_regular_char: no DEL',
      'm\x7f v=1',
      'invalid character U+007F in measurement',
    ],
    [
      'EBNF measurement_regular_char: no U+001F',
      'm\x1f v=1',
      'invalid character U+001F in measurement',
    ],
    [
      'EBNF measurement_escape_seq: a backslash does not escape a control character',
      'm\\\v v=1',
      'invalid character U+000B in measurement',
    ],
    // key_regular_char, for tag keys, tag values and field keys
    [
      'EBNF key: no control character starts a tag key',
      'm,\vt=1 v=1',
      'invalid character U+000B in tag key',
    ],
    [
      'EBNF key: no control character in a tag key',
      'm,t\x01=1 v=1',
      'invalid character U+0001 in tag key',
    ],
    [
      'EBNF key: no control character starts a tag value',
      'm,t=\x01 v=1',
      'invalid character U+0001 in the value of tag "t"',
    ],
    [
      'EBNF key: no control character in a tag value',
      'm,t=a\fb v=1',
      'invalid character U+000C in the value of tag "t"',
    ],
    [
      'EBNF key: no control character starts a field key',
      'm \vv=1',
      'invalid character U+000B in field key',
    ],
    [
      'EBNF key: no control character in a field key',
      'm v\x7f=1',
      'invalid character U+007F in field key',
    ],
    // whitespace = space_char { space_char }
    [
      'EBNF whitespace: a tab does not separate the measurement from the fields',
      'm\tv=1',
      'invalid character U+0009 in measurement',
    ],
    [
      'EBNF whitespace: a tab does not separate the tags from the fields',
      'm,t=1\tv=1',
      'invalid character U+0009 in the value of tag "t"',
    ],
    [
      'EBNF whitespace: a tab after the separating space starts no field key',
      'm \tv=1',
      'invalid character U+0009 in field key',
    ],
    [
      'EBNF whitespace: a vertical tab does not separate the fields from the timestamp',
      'm v=1\v5',
      'invalid character U+000B after the value of field "v"',
    ],
    [
      'EBNF whitespace: a tab does not separate the fields from the timestamp',
      'm v=1\t2',
      'invalid character U+0009 after the value of field "v"',
    ],
    [
      'EBNF whitespace: a tab after the separating space starts no timestamp',
      'm v=1 \t5',
      'invalid character U+0009 after the fields',
    ],
    [
      'EBNF whitespace: no tab after a string value',
      'm v="a"\tw=1',
      'invalid character U+0009 after the value of field "v"',
    ],
    [
      'EBNF fieldval: no control character in an unquoted value',
      'm v=\x01',
      'invalid character U+0001 in the value of field "v"',
    ],
    // line = { space_char } [ point | comment ]; point = … { space_char }
    [
      'EBNF line: a tab does not indent a line',
      '\tm v=1',
      'invalid character U+0009 in measurement',
    ],
    [
      'EBNF line: a tab after spaces does not indent a line',
      '   \tm v=1',
      'invalid character U+0009 in measurement',
    ],
    [
      'EBNF line: a line of a tab is not blank',
      'm v=1\n\t\n',
      'invalid character U+0009 in measurement',
    ],
    [
      'EBNF point: only spaces trail the fields',
      'm v=1\t',
      'invalid character U+0009 after the value of field "v"',
    ],
    [
      'EBNF point: only spaces trail the fields, then the line ends',
      'm v=1 \t',
      'invalid character U+0009 after the fields',
    ],
    [
      'EBNF point: only spaces trail the timestamp',
      'm v=1 5\t',
      'invalid character U+0009 after the timestamp',
    ],
    [
      'EBNF point: only spaces trail the timestamp, then the line ends',
      'm v=1 5 \f',
      'invalid character U+000C after the timestamp',
    ],
    // lines = line { [ "\r" ] "\n" line } [ "\r" ]
    [
      'EBNF lines: a bare CR does not start a line',
      '\rm v=1',
      'invalid character U+000D in measurement',
    ],
    [
      'EBNF lines: a bare CR does not end a measurement',
      'm\r v=1',
      'invalid character U+000D in measurement',
    ],
    [
      'EBNF lines: a bare CR does not end a line',
      'm v=1\rn v=2',
      'invalid character U+000D after the value of field "v"',
    ],
    [
      'EBNF lines: a bare CR does not end a timestamp',
      'm v=1 5\rn v=2',
      'invalid character U+000D after the timestamp',
    ],
    [
      'EBNF lines: CR CR LF is not a line end',
      'm v=1 5\r\r\n',
      'invalid character U+000D after the timestamp',
    ],
    [
      'EBNF lines: a bare CR is no blank line',
      'm v=1\n\r\rn v=1',
      'invalid character U+000D in measurement',
    ],
    // comment = "#" { not(nonprintable_char) | "\t" }: the decoder refuses the tab too
    [
      'decoder commentChars: no tab in a comment (the EBNF would allow one)',
      '# a\tb\nm v=1',
      'invalid character U+0009 in a comment',
    ],
    ['decoder commentChars: no NUL in a comment', '#\0', 'invalid character U+0000 in a comment'],
    [
      'decoder commentChars: no bare CR in a comment',
      '  # a\rb\nm v=1',
      'invalid character U+000D in a comment',
    ],
    [
      'decoder commentChars: no DEL in a comment',
      '# \x7f',
      'invalid character U+007F in a comment',
    ],
  ])('%s: %j', (_, body, reason) => {
    const error = errorOf(body);
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(`line ${error.line}: ${reason}`);
  });

  // Every control character but LF, which ends a line, at each place a name starts or goes on,
  // and between sections. A CR just before LF, or at the very end, ends a line; none is here.
  const CONTROLS = [...Array.from({ length: 0x20 }, (_, code) => code), 0x7f].filter(
    (code) => code !== 0x0a,
  );
  it.each([
    '@m v=1',
    '  @m v=1',
    'm@ v=1',
    'm@x v=1',
    'm,@t=1 v=1',
    'm,t@=1 v=1',
    'm,t=@1 v=1',
    'm,t=1@ v=1',
    'm,t=1@v=1',
    'm @v=1',
    'm v@=1',
    'm v=@1',
    'm v=1@ 5',
    'm v=1 @5',
    'm v="s"@ 5',
    'm v=1 5@ ',
    '#@ a comment\nm v=1',
  ])('refuses U+0000–U+001F (but LF) and U+007F where @ is: %j', (template) => {
    for (const code of CONTROLS) {
      const body = template.replace('@', String.fromCharCode(code));
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      expect(errorOf(body).reason, JSON.stringify(body)).toMatch(
        new RegExp(`^invalid character U\\+${hex} `),
      );
    }
  });
});

describe('parseLineProtocol: error positions', () => {
  it('names the 1-based line, counting blank lines and comments', () => {
    const error = errorOf('a v=1\n\n# note\r\nb v=2 1\nc temp=abc 2\nd v=1');
    expect(error.line).toBe(5);
    expect(error.message).toBe('line 5: invalid field value "abc" for field "temp"');
  });

  it('names the line an unterminated string starts on', () => {
    expect(errorOf('a v=1\nb s="open\nc v=1\nd v=2').line).toBe(2);
  });

  it('counts the lines inside a string that spans them', () => {
    expect(errorOf('a s="one\ntwo\nthree" 1\nb v=oops').line).toBe(4);
  });

  it('names the line of a control character, and what holds it', () => {
    expect(errorOf('a v=1\n# ok\r\n\vb v=1').message).toBe(
      'line 3: invalid character U+000B in measurement',
    );
    expect(errorOf('a s="one\ntwo" 1\nb,t=\x01 v=1').message).toBe(
      'line 3: invalid character U+0001 in the value of tag "t"',
    );
  });

  it('counts lines at LF and CRLF only: a bare CR is refused on its line', () => {
    expect(errorOf('a v=1\r\nb v=2\rc v=3\nd v=4').line).toBe(2);
  });

  it('stops at the first bad line', () => {
    expect(errorOf('a v=1\nb v\nc v').line).toBe(2);
  });

  it('keeps the message short when the bad text is huge', () => {
    const error = errorOf(`m v=${'x'.repeat(1_000_000)}`);
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toMatch(/^line 1: invalid field value "x{64}…" for field "v"$/);
  });
});
