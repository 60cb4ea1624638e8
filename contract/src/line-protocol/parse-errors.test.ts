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
    ['m v=1\t2', 'unexpected text after the fields: "\\t2"'],
    ['m v=1\rn v=2', 'unexpected text after the fields: "\\rn v=2"'],
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
    '1_000',
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

  it('stops at the first bad line', () => {
    expect(errorOf('a v=1\nb v\nc v').line).toBe(2);
  });

  it('keeps the message short when the bad text is huge', () => {
    const error = errorOf(`m v=${'x'.repeat(1_000_000)}`);
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toMatch(/^line 1: invalid field value "x{64}…" for field "v"$/);
  });
});
