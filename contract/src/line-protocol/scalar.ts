import type { FieldValue } from './types.js';

// Local, not imported: transpilers can turn imported bindings into getter calls.
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const UPPER_E = 0x45;
const LOWER_E = 0x65;
const LOWER_I = 0x69;
const LOWER_U = 0x75;

export type ScalarProblem = 'invalid' | 'out of range';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// A double holds every integer of up to 15 digits exactly, so short numbers skip the string parse.
const EXACT_DIGITS = 15;

const POWERS_OF_TEN = Array.from({ length: EXACT_DIGITS + 1 }, (_, i) => Number(`1e${i}`));

// Counters and flags are mostly small: sharing their BigInts spares the garbage collector.
const SMALL_BIGINTS = Array.from({ length: 1024 }, (_, i) => BigInt(i));

const BOOLEANS = new Map<string, boolean>([
  ['t', true],
  ['T', true],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['f', false],
  ['F', false],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);

export function isInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

export function isUint64(value: bigint): boolean {
  return value >= 0n && value <= UINT64_MAX;
}

/** An unquoted field value `text[start, end)`: float, `…i`, `…u` or boolean. */
export function parseScalar(text: string, start: number, end: number): FieldValue | ScalarProblem {
  const first = text.charCodeAt(start);
  if (first === MINUS || first === DOT || isDigit(first)) return parseNumber(text, start, end);
  const value = BOOLEANS.get(text.slice(start, end));
  return value === undefined ? 'invalid' : { type: 'bool', value };
}

/** A timestamp: a signed 64-bit decimal integer, nothing else (no `+`, no exponent). */
export function parseTimestamp(text: string, start: number, end: number): bigint | ScalarProblem {
  return parseInteger(text, start, end, true);
}

function parseNumber(text: string, start: number, end: number): FieldValue | ScalarProblem {
  const suffix = text.charCodeAt(end - 1);
  if (suffix === LOWER_I) {
    const value = parseInteger(text, start, end - 1, true);
    return typeof value === 'string' ? value : { type: 'int', value };
  }
  if (suffix === LOWER_U) {
    const value = parseInteger(text, start, end - 1, false);
    return typeof value === 'string' ? value : { type: 'uint', value };
  }
  return parseFloatToken(text, start, end);
}

/** `-?digits` in the int64 range when signed, else `digits` in the uint64 range. */
function parseInteger(
  text: string,
  start: number,
  end: number,
  signed: boolean,
): bigint | ScalarProblem {
  const negative = signed && text.charCodeAt(start) === MINUS;
  const digitsStart = negative ? start + 1 : start;
  if (digitsStart >= end) return 'invalid';
  let small = 0;
  for (let i = digitsStart; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return 'invalid';
    small = small * 10 + (code - DIGIT_0);
  }
  // Fifteen digits are always in range, so only longer numbers pay for BigInt parsing and checks.
  if (end - digitsStart <= EXACT_DIGITS) {
    if (negative) return BigInt(-small);
    return SMALL_BIGINTS[small] ?? BigInt(small);
  }
  const value = BigInt(text.slice(start, end));
  return (signed ? isInt64(value) : isUint64(value)) ? value : 'out of range';
}

/**
 * `-?(digits[.[digits]]|.digits)([eE][+-]?digits)?`, checked by hand because `Number()` also takes
 * `0x10`, `Infinity`, `+1` and surrounding whitespace, none of which InfluxDB accepts.
 */
function parseFloatToken(text: string, start: number, end: number): FieldValue | ScalarProblem {
  let i = start;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i++;
  let digits = 0;
  let fractionDigits = 0;
  let mantissa = 0;
  let code = text.charCodeAt(i);
  for (; i < end && isDigit(code); code = text.charCodeAt(++i)) {
    mantissa = mantissa * 10 + (code - DIGIT_0);
    digits++;
  }
  if (i < end && code === DOT) {
    for (code = text.charCodeAt(++i); i < end && isDigit(code); code = text.charCodeAt(++i)) {
      mantissa = mantissa * 10 + (code - DIGIT_0);
      fractionDigits++;
    }
    digits += fractionDigits;
  }
  if (digits === 0) return 'invalid';
  if (i === end && digits <= EXACT_DIGITS) {
    // Both operands are exact doubles, so the one rounding of the division is the correct one,
    // the same double `Number()` returns (Clinger's fast path), without slicing the text.
    const value = mantissa / (POWERS_OF_TEN[fractionDigits] ?? 1);
    return { type: 'float', value: negative ? -value : value };
  }
  if (i < end && (code === LOWER_E || code === UPPER_E)) {
    i = exponentEnd(text, i + 1, end);
    if (i < 0) return 'invalid';
  }
  if (i !== end) return 'invalid';
  const value = Number(text.slice(start, end));
  return Number.isFinite(value) ? { type: 'float', value } : 'out of range';
}

/** The end of `[+-]?digits` starting at `from`, or -1 when there are no digits. */
function exponentEnd(text: string, from: number, end: number): number {
  let i = from;
  const sign = text.charCodeAt(i);
  if (sign === PLUS || sign === MINUS) i++;
  const digitsStart = i;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  return i === digitsStart ? -1 : i;
}

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}
