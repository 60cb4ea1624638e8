import { unescapeKey, unescapeMeasurement, unescapeString } from './escape.js';
import { LineProtocolError } from './line-protocol-error.js';
import { parseScalar, parseTimestamp } from './scalar.js';
import type { FieldValue, ParsedPoint, PointSpan } from './types.js';

// Local, not imported: transpilers (tsx, Vitest) can turn imported bindings into getter calls,
// which these loops cannot afford.
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const HASH = 0x23;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const LOWER_N = 0x6e;
const LOWER_R = 0x72;
const LOWER_T = 0x74;
const DELETE = 0x7f;

/*
 * What each ASCII code means outside a quoted string, as bit flags; codes from 0x80 up are
 * ordinary in every name. The rules are those of InfluxData's reference decoder
 * (github.com/influxdata/line-protocol/v2/lineprotocol, decoder.go): the only separator is the
 * space, and a control character (U+0000–U+001F, U+007F: tab, vertical tab, form feed and CR
 * included) is never part of a measurement, tag key, tag value, field key, number, boolean or
 * timestamp, nor a separator; where one stops a token, the line is refused (see controlHere).
 */
/** Ends a measurement, an unquoted field value and a timestamp: `,`, space, a control character. */
const ENDS_VALUE = 1;
/** Also ends a tag key, a tag value and a field key. */
const ENDS_KEY = 2;
/** May start an escape in a name. */
const ESCAPES = 4;
/** U+0000–U+001F and U+007F. */
const CONTROL = 8;

const MEASUREMENT_STOPS = ENDS_VALUE | ESCAPES;
const KEY_STOPS = ENDS_VALUE | ENDS_KEY | ESCAPES;

const CHAR_CLASS = new Uint8Array(0x80);
for (let code = 0; code < 0x20; code++) CHAR_CLASS[code] = ENDS_VALUE | ENDS_KEY | CONTROL;
CHAR_CLASS[DELETE] = ENDS_VALUE | ENDS_KEY | CONTROL;
CHAR_CLASS[SPACE] = ENDS_VALUE | ENDS_KEY;
CHAR_CLASS[COMMA] = ENDS_VALUE | ENDS_KEY;
CHAR_CLASS[EQUALS] = ENDS_KEY;
CHAR_CLASS[BACKSLASH] = ESCAPES;

/** Reads points off a body's char codes, one line at a time, slicing instead of copying. */
export class LineScanner {
  private readonly length: number;
  private pos = 0;
  /** The line `pos` is on; string values may span lines. */
  private line = 1;
  /** Where the point read last lies; see `lastSpan`. */
  private start = 0;
  private tagsStart = 0;
  private tagsEnd = 0;
  private end = 0;
  private repeatsField = false;

  constructor(private readonly body: string) {
    this.length = body.length;
  }

  /**
   * Moves past blank and comment lines; reports whether a point starts at `pos`. Only spaces may
   * indent a line (a tab starts a measurement, and is refused there), and a line ends at LF, CRLF
   * or a CR that ends the body, as in the reference decoder; a CR anywhere else is refused.
   */
  skipBlankLines(): boolean {
    const { body, length } = this;
    let i = this.pos;
    while (i < length) {
      const code = body.charCodeAt(i);
      if (code === SPACE) {
        i++;
      } else if (code === NEWLINE || (code === CARRIAGE_RETURN && this.lineEndAt(i))) {
        i = this.skipLineEnd(i);
      } else if (code === HASH) {
        i = this.skipComment(i);
      } else {
        this.pos = i;
        return true;
      }
    }
    this.pos = length;
    return false;
  }

  /**
   * Offers the line at `pos` to `claim` (see `LineClaim`); moves past it when claimed. Returns
   * where the claimed line ended, or -1.
   */
  claimLine(claim: (start: number, line: number) => number): number {
    const end = claim(this.pos, this.line);
    if (end < 0) return -1;
    if (end < this.pos || (end < this.length && this.body.charCodeAt(end) !== NEWLINE)) {
      throw new RangeError(`a claimed line must end at a line feed or the body's end (${end})`);
    }
    this.pos = this.skipLineEnd(end);
    return end;
  }

  readPoint(): ParsedPoint {
    const line = this.line;
    this.start = this.pos;
    const measurement = this.readName(MEASUREMENT_STOPS, false);
    if (this.controlHere()) throw this.invalidCharacter('in measurement');
    if (measurement === '') throw this.error('missing measurement');
    this.tagsStart = this.pos;
    const tags = new Map<string, string>();
    if (this.peek() === COMMA) {
      this.pos++;
      this.readTags(tags);
    }
    this.tagsEnd = this.pos;
    this.skipFieldSeparator();
    const fields = this.readFields();
    this.end = this.pos;
    const timestamp = this.readTimestamp();
    this.pos = this.skipLineEnd(this.pos);
    return { measurement, tags, fields, timestamp, line };
  }

  /** Where the point `readPoint` returned last lies in the body. */
  lastSpan(): PointSpan {
    const { start, tagsStart, tagsEnd, end, repeatsField } = this;
    return { start, tagsStart, tagsEnd, end, repeatsField };
  }

  private readTags(tags: Map<string, string>): void {
    for (;;) {
      const key = this.readName(KEY_STOPS, true);
      if (this.controlHere()) throw this.invalidCharacter('in tag key');
      if (key === '') throw this.error('empty tag key');
      if (this.peek() !== EQUALS) throw this.error(`tag ${quote(key)} has no value (no "=")`);
      this.pos++;
      const value = this.readName(KEY_STOPS, true);
      if (this.controlHere()) throw this.invalidCharacter(`in the value of tag ${quote(key)}`);
      if (value === '') throw this.error(`empty value for tag ${quote(key)}`);
      const next = this.peek();
      if (next === EQUALS) throw this.error(`unescaped "=" in the value of tag ${quote(key)}`);
      // The reference decoder hands out tags one at a time, unchecked; its corpus test
      // (corpus_test.go, decodeToCorpusPoint) refuses a repeated key, and so do we.
      if (tags.has(key)) throw this.error(`duplicate tag ${quote(key)}`);
      tags.set(key, value);
      if (next !== COMMA) return;
      this.pos++;
    }
  }

  /** Measurement and tags end at spaces before the fields; anything else means there are none. */
  private skipFieldSeparator(): void {
    if (this.peek() !== SPACE) throw this.error('missing fields');
    let i = this.pos + 1;
    while (this.body.charCodeAt(i) === SPACE) i++;
    if (this.lineEndAt(i)) throw this.error('missing fields');
    this.pos = i;
  }

  // A repeated field key keeps the last value, as InfluxDB does.
  private readFields(): Map<string, FieldValue> {
    const fields = new Map<string, FieldValue>();
    this.repeatsField = false;
    for (;;) {
      const key = this.readName(KEY_STOPS, true);
      if (this.controlHere()) throw this.invalidCharacter('in field key');
      if (key === '') throw this.error('empty field key');
      if (this.peek() !== EQUALS) throw this.error(`field ${quote(key)} has no value (no "=")`);
      this.pos++;
      if (fields.has(key)) this.repeatsField = true;
      fields.set(key, this.readFieldValue(key));
      if (this.controlHere()) throw this.invalidCharacter(`after the value of field ${quote(key)}`);
      if (this.peek() !== COMMA) return fields;
      this.pos++;
    }
  }

  private readFieldValue(key: string): FieldValue {
    if (this.peek() === QUOTE) return { type: 'string', value: this.readString(key) };
    const start = this.pos;
    const end = this.tokenEnd(start);
    if (end === start) {
      if (this.controlHere()) throw this.invalidCharacter(`in the value of field ${quote(key)}`);
      throw this.error(`missing value for field ${quote(key)}`);
    }
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

  /**
   * A quoted string: any character but an unescaped `"`, raw newlines and control characters
   * included. `\"` and `\\` are escapes, and so are `\n`, `\r` and `\t` (a newline, CR and tab):
   * the reference decoder reads those too, though InfluxDB's docs name only the first two. A
   * backslash before anything else is kept.
   */
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
        } else if (next === LOWER_N || next === LOWER_R || next === LOWER_T) {
          escaped = true;
        }
      } else if (code === NEWLINE) {
        this.line++;
      }
    }
    throw new LineProtocolError(openingLine, `unterminated string value for field ${quote(key)}`);
  }

  /** What follows the fields: the line end, or spaces, then a timestamp or the line end. */
  private readTimestamp(): bigint | undefined {
    const { body } = this;
    if (this.lineEndAt(this.pos)) return undefined;
    if (this.peek() !== SPACE) {
      throw this.error(`unexpected text after the fields: ${quote(this.restOfLine(this.pos))}`);
    }
    let start = this.pos + 1;
    while (body.charCodeAt(start) === SPACE) start++;
    this.pos = start;
    if (this.lineEndAt(start)) return undefined;
    if (this.controlHere()) throw this.invalidCharacter('after the fields');
    const end = this.tokenEnd(start);
    if (end === start) {
      throw this.error(`unexpected text after the fields: ${quote(this.restOfLine(start))}`);
    }
    const timestamp = parseTimestamp(body, start, end);
    if (typeof timestamp === 'string') {
      const text = quote(body.slice(start, end));
      throw this.error(
        timestamp === 'invalid' ? `invalid timestamp ${text}` : `timestamp ${text} is out of range`,
      );
    }
    this.end = end;
    // Only spaces may follow, as in the reference decoder (no tabs, no comments).
    let after = end;
    while (body.charCodeAt(after) === SPACE) after++;
    this.pos = after;
    if (this.lineEndAt(after)) return timestamp;
    if (this.controlHere()) throw this.invalidCharacter('after the timestamp');
    throw this.error(`unexpected text after the timestamp: ${quote(this.restOfLine(end))}`);
  }

  /** Skips a comment at `from`: `#`, then anything but a control character, to the line end. */
  private skipComment(from: number): number {
    const { body, length } = this;
    let i = from + 1;
    while (i < length) {
      const code = body.charCodeAt(i);
      if (code < 0x80 && ((CHAR_CLASS[code] ?? 0) & CONTROL) !== 0) break;
      i++;
    }
    if (this.lineEndAt(i)) return i;
    // The EBNF beside the reference decoder (line-protocol.ebnf, `comment`) would allow a tab
    // here; the decoder itself (commentChars) refuses it, and the decoder is what we follow.
    this.pos = i;
    throw this.error(`invalid character ${codePoint(body.charCodeAt(i))} in a comment`);
  }

  /**
   * A measurement (`stops` = MEASUREMENT_STOPS) or key (KEY_STOPS), up to the next unescaped
   * separator or control character. `=` separates (and so can be escaped) only in keys and tag
   * values, not in measurements; a backslash before anything else is kept as written.
   */
  private readName(stops: number, isKey: boolean): string {
    const { body, length } = this;
    const start = this.pos;
    let escaped = false;
    let i = start;
    while (i < length) {
      const code = body.charCodeAt(i);
      if (code < 0x80 && ((CHAR_CLASS[code] ?? 0) & stops) !== 0) {
        if (code !== BACKSLASH) break;
        const next = body.charCodeAt(i + 1);
        if (next === COMMA || next === SPACE || (isKey && next === EQUALS)) {
          escaped = true;
          i += 2;
          continue;
        }
      }
      i++;
    }
    this.pos = i;
    const raw = body.slice(start, i);
    if (!escaped) return raw;
    return isKey ? unescapeKey(raw) : unescapeMeasurement(raw);
  }

  /** The end of an unquoted value or timestamp: the next `,`, space or control character. */
  private tokenEnd(from: number): number {
    const { body, length } = this;
    let i = from;
    while (i < length) {
      const code = body.charCodeAt(i);
      if (code < 0x80 && ((CHAR_CLASS[code] ?? 0) & ENDS_VALUE) !== 0) break;
      i++;
    }
    return i;
  }

  /**
   * Whether a control character that does not end the line is at `pos`, where it ended a token:
   * outside quotes, one is never part of a name or value, and never separates. (Callers build
   * the error message only then: a message per token would slow every line down.)
   */
  private controlHere(): boolean {
    const code = this.peek();
    return (code < SPACE || code === DELETE) && !this.lineEndAt(this.pos);
  }

  private invalidCharacter(where: string): LineProtocolError {
    return this.error(`invalid character ${codePoint(this.peek())} ${where}`);
  }

  /** Whether a line ends at `i`: LF, CRLF, a CR that ends the body, or the end of the body. */
  private lineEndAt(i: number): boolean {
    if (i >= this.length) return true;
    const code = this.body.charCodeAt(i);
    if (code === NEWLINE) return true;
    return (
      code === CARRIAGE_RETURN && (i + 1 === this.length || this.body.charCodeAt(i + 1) === NEWLINE)
    );
  }

  /** Moves past the line end at `i` (see lineEndAt), counting the line. */
  private skipLineEnd(i: number): number {
    let next = i;
    if (this.body.charCodeAt(next) === CARRIAGE_RETURN) next++;
    if (this.body.charCodeAt(next) === NEWLINE) {
      next++;
      this.line++;
    }
    return next;
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

/** `U+000B`: how an error names a character it cannot show. */
function codePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
