// Each pattern is one character class or one escape pair, so matching is linear on any input.
// The backslash itself is never escapable in names, so dropping the one before an escapable
// character reads the same as a left-to-right scan.
const ESCAPE_IN_MEASUREMENT = /\\(?=[, ])/g;
const ESCAPE_IN_KEY = /\\(?=[, =])/g;
const ESCAPE_IN_STRING = /\\([\\"])/g;
const SPECIAL_IN_MEASUREMENT = /[, ]/g;
const SPECIAL_IN_KEY = /[, =]/g;
const SPECIAL_IN_STRING = /[\\"]/g;

/**
 * Only `\,` and `\ ` are escapes in a measurement; a backslash before anything else is literal,
 * as in InfluxDB's own parsers (so `\\` stays two backslashes there).
 */
export function unescapeMeasurement(raw: string): string {
  return raw.replace(ESCAPE_IN_MEASUREMENT, '');
}

/** Tag keys, tag values and field keys: `\,`, `\=` and `\ `; other backslashes are literal. */
export function unescapeKey(raw: string): string {
  return raw.replace(ESCAPE_IN_KEY, '');
}

/** String field values: `\"` and `\\`; other backslashes (`\n` included) are literal, as in InfluxDB. */
export function unescapeString(raw: string): string {
  return raw.replace(ESCAPE_IN_STRING, '$1');
}

export function escapeMeasurement(name: string): string {
  return name.replace(SPECIAL_IN_MEASUREMENT, '\\$&');
}

export function escapeKey(key: string): string {
  return key.replace(SPECIAL_IN_KEY, '\\$&');
}

export function escapeString(value: string): string {
  return value.replace(SPECIAL_IN_STRING, '\\$&');
}
