import { escapeKey, escapeMeasurement, escapeString } from './escape.js';
import { isInt64, isUint64 } from './scalar.js';
import type { FieldValue } from './types.js';

export type FormattablePoint = {
  measurement: string;
  tags: Iterable<[string, string]>;
  fields: Iterable<[string, FieldValue]>;
  /** In the precision the write declares (InfluxDB's default: nanoseconds). */
  timestamp?: bigint | undefined;
};

export type FormatOptions = {
  /**
   * Write uint fields with `u` (InfluxDB 2.x and later). Off by default: InfluxDB 1.x knows no
   * `u`, so they are written as `i`, and one above the int64 maximum cannot be written at all.
   */
  uintSupport?: boolean;
};

/**
 * One line of line protocol for InfluxDB 1.x, without the newline: tags sorted by key (the order
 * InfluxDB prefers), a tag with an empty value left out (InfluxDB reads it as absent), everything
 * escaped. Throws a RangeError for what line protocol cannot carry: an empty name, a name with a
 * control character (U+0000–U+001F, U+007F: newline, tab and CR included) or ending in a
 * backslash, a measurement starting with `#`, no fields, a non-finite float or an out-of-range
 * integer or timestamp. `parseLineProtocol` never returns such a point, and never refuses a line
 * this writes.
 *
 * @example
 * formatLine({
 *   measurement: 'gpu',
 *   tags: [['gpu', '0']],
 *   fields: [['throttled', { type: 'int', value: 0n }]],
 * }); // 'gpu,gpu=0 throttled=0i'
 */
export function formatLine(point: FormattablePoint, options: FormatOptions = {}): string {
  const measurement = formatMeasurement(point.measurement);
  const fields = formatFields(point.fields, options.uintSupport ?? false);
  const timestamp = point.timestamp === undefined ? '' : ` ${formatTimestamp(point.timestamp)}`;
  return `${measurement}${formatTags(point.tags)} ${fields}${timestamp}`;
}

function formatMeasurement(measurement: string): string {
  checkName(measurement, 'measurement');
  // A leading `#` makes the line a comment. (A leading space is escaped, so it is not skipped as
  // indentation; a tab or CR is a control character, refused above.)
  if (measurement.startsWith('#')) {
    throw new RangeError(`measurement ${JSON.stringify(measurement)} cannot start a line`);
  }
  return escapeMeasurement(measurement);
}

// A repeated tag key keeps its last value: InfluxDB would refuse the line. Written without
// iterators or copies when the tags come sorted: the collector formats every sample this way in
// baseline code, which does not optimise an iterator's allocations away.
function formatTags(tags: Iterable<[string, string]>): string {
  const given = Array.isArray(tags) ? (tags as readonly [string, string][]) : [...tags];
  const sorted = isSortedByKey(given) ? given : [...given].sort(([a], [b]) => compareUtf8(a, b));
  let text = '';
  for (let index = 0; index < sorted.length; index++) {
    const tag = sorted[index] as [string, string];
    const key = tag[0];
    const value = tag[1];
    // The sort is stable, so of a repeated key the last value comes last.
    if (value === '' || sorted[index + 1]?.[0] === key) continue;
    text += `,${escapedName(key, 'tag key')}=${escapedName(value, 'tag value', key)}`;
  }
  return text;
}

function isSortedByKey(entries: readonly [string, string][]): boolean {
  let previous: string | undefined;
  for (let index = 0; index < entries.length; index++) {
    const key = (entries[index] as [string, string])[0];
    if (previous !== undefined && compareUtf8(previous, key) > 0) return false;
    previous = key;
  }
  return true;
}

// Tag keys, tag values and field keys repeat from line to line (a fleet has few series):
// checking and escaping each distinct name once makes formatting several times faster.
const MAX_CACHED_NAMES = 10_000;
const escapedNames = new Map<string, string>();

/** `name` escaped; checked on its first use (a tag value's error names its tag's key). */
function escapedName(
  name: string,
  what: 'tag key' | 'tag value' | 'field key',
  tagKey?: string,
): string {
  const cached = escapedNames.get(name);
  if (cached !== undefined) return cached;
  checkName(name, what === 'tag value' ? `value of tag ${JSON.stringify(tagKey)}` : what);
  const escaped = escapeKey(name);
  if (escapedNames.size >= MAX_CACHED_NAMES) escapedNames.clear();
  escapedNames.set(name, escaped);
  return escaped;
}

// Repeated keys are written as given: InfluxDB keeps the last, as the parser does.
function formatFields(fields: Iterable<[string, FieldValue]>, uintSupport: boolean): string {
  const list = Array.isArray(fields) ? (fields as readonly [string, FieldValue][]) : [...fields];
  if (list.length === 0) throw new RangeError('a point needs at least one field');
  let text = '';
  for (let index = 0; index < list.length; index++) {
    const field = list[index] as [string, FieldValue];
    const key = field[0];
    if (index > 0) text += ',';
    text += `${escapedName(key, 'field key')}=${formatFieldValue(key, field[1], uintSupport)}`;
  }
  return text;
}

function formatFieldValue(key: string, field: FieldValue, uintSupport: boolean): string {
  switch (field.type) {
    case 'float':
      return formatFloat(key, field.value);
    case 'int':
      return `${checkRange(key, field.value, isInt64(field.value))}i`;
    case 'uint':
      return uintSupport
        ? `${checkRange(key, field.value, isUint64(field.value))}u`
        : `${checkRange(key, field.value, field.value >= 0n && isInt64(field.value))}i`;
    case 'bool':
      return field.value ? 'true' : 'false';
    case 'string':
      return `"${escapeString(field.value)}"`;
  }
}

/** `String()` gives the shortest text that reads back as the same double; a bare number is a float. */
function formatFloat(key: string, value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`field ${JSON.stringify(key)}: ${value} cannot be written`);
  }
  return Object.is(value, -0) ? '-0' : String(value);
}

function checkRange(key: string, value: bigint, inRange: boolean): bigint {
  if (!inRange) throw new RangeError(`field ${JSON.stringify(key)}: ${value} is out of range`);
  return value;
}

function formatTimestamp(timestamp: bigint): string {
  if (!isInt64(timestamp)) throw new RangeError(`timestamp ${timestamp} is out of range`);
  return String(timestamp);
}

function checkName(name: string, what: string): void {
  if (name === '') throw new RangeError(`${what} is empty`);
  // Line protocol has no escape for a control character: the reference decoder refuses one
  // anywhere in a name (InfluxData's line-protocol/v2 decoder.go, its EBNF's nonprintable_char).
  const control = firstControl(name);
  if (control >= 0) {
    const code = `U+${name.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new RangeError(
      `${what} ${JSON.stringify(name)} cannot be written in line protocol (control character ${code})`,
    );
  }
  // A trailing backslash would escape the separator after it.
  if (name.endsWith('\\')) {
    throw new RangeError(
      `${what} ${JSON.stringify(name)} cannot be written in line protocol (it ends in a backslash)`,
    );
  }
}

/** The index of the first U+0000–U+001F or U+007F in `name`, or -1. */
function firstControl(name: string): number {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return i;
  }
  return -1;
}

/** Go's bytes.Compare on UTF-8, which InfluxDB sorts tags by; UTF-16 order differs past U+FFFF. */
function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates stand for code points above U+FFFF, so they rank after U+E000–U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}
