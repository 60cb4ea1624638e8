import { MAX_STRING_FIELD_LENGTH, type FieldType } from '@ioworker/contract/telemetry';

// Local, not imported: transpilers can turn imported bindings into getter calls.
const SPACE = 0x20;
const QUOTE = 0x22;
const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const BACKSLASH = 0x5c;
const LOWER_I = 0x69;
const DELETE = 0x7f;

/** Digits of an int always inside int64: longer ones take the parser's way. */
const INT_DIGITS = 15;
/** Digits of a float always finite (a longer one could overflow to Infinity, which is refused). */
const FLOAT_DIGITS = 30;

/*
 * Field values in the plainest syntax line protocol has, checked in place (known-lines.ts):
 * a subset of what the parser (`@ioworker/contract/line-protocol`) reads, meaning the same.
 * Each returns where the value ends, when `stop` follows it, else -1.
 */

export function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

/** End of `-?digits(.digits)?` of at most 30 digits at `from`, followed by `stop`; else -1. */
function floatEnd(body: string, from: number, stop: number): number {
  let at = body.charCodeAt(from) === MINUS ? from + 1 : from;
  const digitsFrom = at;
  while (isDigit(body.charCodeAt(at))) at++;
  if (at === digitsFrom) return -1;
  let digits = at - digitsFrom;
  if (body.charCodeAt(at) === DOT) {
    const fractionFrom = ++at;
    while (isDigit(body.charCodeAt(at))) at++;
    if (at === fractionFrom) return -1;
    digits += at - fractionFrom;
  }
  return digits <= FLOAT_DIGITS && body.charCodeAt(at) === stop ? at : -1;
}

/** End of `-?digits i` of at most 15 digits (always in int64), followed by `stop`; else -1. */
function intEnd(body: string, from: number, stop: number): number {
  let at = body.charCodeAt(from) === MINUS ? from + 1 : from;
  const digitsFrom = at;
  while (isDigit(body.charCodeAt(at))) at++;
  if (at === digitsFrom || at - digitsFrom > INT_DIGITS || body.charCodeAt(at) !== LOWER_I) {
    return -1;
  }
  return body.charCodeAt(at + 1) === stop ? at + 1 : -1;
}

/** End of a quoted string the gateway stores as written: short, printable, no escapes. */
function stringEnd(body: string, from: number, stop: number): number {
  if (body.charCodeAt(from) !== QUOTE) return -1;
  const last = Math.min(body.length, from + 1 + MAX_STRING_FIELD_LENGTH);
  for (let at = from + 1; at <= last; at++) {
    const code = body.charCodeAt(at);
    if (code === QUOTE) return body.charCodeAt(at + 1) === stop ? at + 1 : -1;
    if (code < SPACE || code === DELETE || code === BACKSLASH) return -1;
  }
  return -1;
}

export const VALUE_ENDS: Record<FieldType, (body: string, from: number, stop: number) => number> = {
  float: floatEnd,
  int: intEnd,
  string: stringEnd,
};
