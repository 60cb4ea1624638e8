import { unescapeKey, unescapeMeasurement, unescapeString } from './escape.js';
import { LineProtocolError } from './line-protocol-error.js';
import { parseScalar, parseTimestamp } from './scalar.js';
import type { FieldValue, ParsedPoint } from './types.js';

// Local, not imported: transpilers (tsx, Vitest) can turn imported bindings into getter calls,
// which these loops cannot afford.
const TAB = 0x09;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const HASH = 0x23;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;

/** Reads points off a body's char codes, one line at a time, slicing instead of copying. */
export class LineScanner {
  private readonly length: number;
  private pos = 0;
  /** The line `pos` is on; string values may span lines. */
  private line = 1;

  constructor(private readonly body: string) {
    this.length = body.length;
  }

  /** Moves past blank and comment lines; reports whether a point starts at `pos`. */
  skipBlankLines(): boolean {
    const { body, length } = this;
    let i = this.pos;
    while (i < length) {
      const code = body.charCodeAt(i);
      if (code === NEWLINE) {
        this.line++;
        i++;
      } else if (isLineWhitespace(code)) {
        i++;
      } else if (code === HASH) {
        const newline = body.indexOf('\n', i);
        i = newline < 0 ? length : newline;
      } else {
        this.pos = i;
        return true;
      }
    }
    this.pos = length;
    return false;
  }

  readPoint(): ParsedPoint {
    const line = this.line;
    const measurement = this.readName(false);
    if (measurement === '') throw this.error('missing measurement');
    const tags = new Map<string, string>();
    if (this.peek() === COMMA) {
      this.pos++;
      this.readTags(tags);
    }
    this.skipFieldSeparator();
    const fields = this.readFields();
    const timestamp = this.readTimestamp();
    this.finishLine();
    return { measurement, tags, fields, timestamp, line };
  }

  private readTags(tags: Map<string, string>): void {
    for (;;) {
      const key = this.readName(true);
      if (key === '') throw this.error('empty tag key');
      if (this.peek() !== EQUALS) throw this.error(`tag ${quote(key)} has no value (no "=")`);
      this.pos++;
      const value = this.readName(true);
      if (value === '') throw this.error(`empty value for tag ${quote(key)}`);
      const next = this.peek();
      if (next === EQUALS) throw this.error(`unescaped "=" in the value of tag ${quote(key)}`);
      if (tags.has(key)) throw this.error(`duplicate tag ${quote(key)}`);
      tags.set(key, value);
      if (next !== COMMA) return;
      this.pos++;
    }
  }

  /** Measurement and tags end at the space before the fields; anything else means there are none. */
  private skipFieldSeparator(): void {
    if (this.peek() !== SPACE) throw this.error('missing fields');
    let i = this.pos + 1;
    while (this.body.charCodeAt(i) === SPACE) i++;
    if (this.blankUntilLineEnd(i) >= 0) throw this.error('missing fields');
    this.pos = i;
  }

  // A repeated field key keeps the last value, as InfluxDB does.
  private readFields(): Map<string, FieldValue> {
    const fields = new Map<string, FieldValue>();
    for (;;) {
      const key = this.readName(true);
      if (key === '') throw this.error('empty field key');
      if (this.peek() !== EQUALS) throw this.error(`field ${quote(key)} has no value (no "=")`);
      this.pos++;
      fields.set(key, this.readFieldValue(key));
      if (this.peek() !== COMMA) return fields;
      this.pos++;
    }
  }

  private readFieldValue(key: string): FieldValue {
    if (this.peek() === QUOTE) return { type: 'string', value: this.readString(key) };
    const start = this.pos;
    const end = this.tokenEnd(start);
    if (end === start) throw this.error(`missing value for field ${quote(key)}`);
    const value = parseScalar(this.body, start, end);
    if (typeof value === 'string') {
      const text = quote(this.body.slice(start, end));
      throw this.error(
        value === 'invalid'
          ? `invalid field value ${text} for field ${quote(key)}`
          : `field value ${text} for field ${quote(key)} is out of range`,
      );
    }
    this.pos = end;
    return value;
  }

  /** A quoted string; it may hold raw newlines, as InfluxDB's own parsers accept. */
  private readString(key: string): string {
    const { body, length } = this;
    const openingLine = this.line;
    const start = this.pos + 1;
    let escaped = false;
    for (let i = start; i < length; i++) {
      const code = body.charCodeAt(i);
      if (code === QUOTE) {
        this.pos = i + 1;
        const raw = body.slice(start, i);
        return escaped ? unescapeString(raw) : raw;
      }
      if (code === BACKSLASH) {
        const next = body.charCodeAt(i + 1);
        if (next === QUOTE || next === BACKSLASH) {
          escaped = true;
          i++;
        }
      } else if (code === NEWLINE) {
        this.line++;
      }
    }
    throw new LineProtocolError(openingLine, `unterminated string value for field ${quote(key)}`);
  }

  private readTimestamp(): bigint | undefined {
    const lineEnd = this.blankUntilLineEnd(this.pos);
    if (lineEnd >= 0) {
      this.pos = lineEnd;
      return undefined;
    }
    if (this.peek() !== SPACE) {
      throw this.error(`unexpected text after the fields: ${quote(this.restOfLine(this.pos))}`);
    }
    let start = this.pos + 1;
    while (this.body.charCodeAt(start) === SPACE) start++;
    const end = this.tokenEnd(start);
    const timestamp = parseTimestamp(this.body, start, end);
    if (typeof timestamp === 'string') {
      const text = quote(this.body.slice(start, end));
      throw this.error(
        timestamp === 'invalid' ? `invalid timestamp ${text}` : `timestamp ${text} is out of range`,
      );
    }
    const after = this.blankUntilLineEnd(end);
    if (after < 0) {
      throw this.error(`unexpected text after the timestamp: ${quote(this.restOfLine(end))}`);
    }
    this.pos = after;
    return timestamp;
  }

  private finishLine(): void {
    if (this.peek() === NEWLINE) {
      this.pos++;
      this.line++;
    }
  }

  /**
   * A measurement or key, up to the next unescaped separator. `=` separates (and so can be
   * escaped) only in keys and tag values, not in measurements.
   */
  private readName(isKey: boolean): string {
    const { body, length } = this;
    const start = this.pos;
    let escaped = false;
    let i = start;
    while (i < length) {
      const code = body.charCodeAt(i);
      if (code === BACKSLASH) {
        const next = body.charCodeAt(i + 1);
        if (next === COMMA || next === SPACE || (isKey && next === EQUALS)) {
          escaped = true;
          i += 2;
          continue;
        }
      } else if (
        code === COMMA ||
        code === SPACE ||
        code === NEWLINE ||
        (isKey && code === EQUALS)
      ) {
        break;
      }
      i++;
    }
    this.pos = i;
    const raw = body.slice(start, i);
    if (!escaped) return raw;
    return isKey ? unescapeKey(raw) : unescapeMeasurement(raw);
  }

  /** The end of an unquoted value or timestamp. */
  private tokenEnd(from: number): number {
    const { body, length } = this;
    let i = from;
    while (i < length) {
      const code = body.charCodeAt(i);
      if (
        code === COMMA ||
        code === SPACE ||
        code === NEWLINE ||
        code === TAB ||
        code === CARRIAGE_RETURN
      ) {
        break;
      }
      i++;
    }
    return i;
  }

  /** Where the line ends if only whitespace is left on it from `from`; -1 otherwise. */
  private blankUntilLineEnd(from: number): number {
    const { body, length } = this;
    for (let i = from; i < length; i++) {
      const code = body.charCodeAt(i);
      if (code === NEWLINE) return i;
      if (!isLineWhitespace(code)) return -1;
    }
    return length;
  }

  private restOfLine(from: number): string {
    const newline = this.body.indexOf('\n', from);
    return this.body.slice(from, newline < 0 ? this.length : newline);
  }

  private peek(): number {
    return this.body.charCodeAt(this.pos);
  }

  private error(reason: string): LineProtocolError {
    return new LineProtocolError(this.line, reason);
  }
}

const MAX_QUOTED = 64;

/** Quotes input for an error message, shortened: a bad line may be megabytes long. */
function quote(text: string): string {
  return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/** Whitespace allowed around a line: space, tab, and the CR of a CRLF. */
function isLineWhitespace(code: number): boolean {
  return code === SPACE || code === TAB || code === CARRIAGE_RETURN;
}
