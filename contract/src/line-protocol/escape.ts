// Each pattern is one character class or one escape pair, so matching is linear on any input.
// The backslash itself is never escapable in names, so dropping the one before an escapable
// character reads the same as a left-to-right scan.
const ESCAPE_IN_MEASUREMENT = /\\(?=[, ])/g;
const ESCAPE_IN_KEY = /\\(?=[, =])/g;
const ESCAPE_IN_STRING = /\\([\\"nrt])/g;
const SPECIAL_IN_MEASUREMENT = /[, ]/g;
const SPECIAL_IN_KEY = /[, =]/g;
const SPECIAL_IN_STRING = /[\\"]/g;

/**
 * Only `\,` and `\ ` are escapes in a measurement; a backslash before anything else is literal,
 * as in the reference decoder (so `\\` stays two backslashes there, though the table in
 * InfluxDB's docs reads `\\` as one: the decoder is what we follow).
 */
export function unescapeMeasurement(raw: string): string {
  return raw.replace(ESCAPE_IN_MEASUREMENT, '');
}

/** Tag keys, tag values and field keys: `\,`, `\=` and `\ `; other backslashes are literal. */
export function unescapeKey(raw: string): string {
  return raw.replace(ESCAPE_IN_KEY, '');
}

const STRING_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t' };

/**
 * String field values: `\"`, `\\`, and `\n`, `\r`, `\t` for a newline, CR and tab; a backslash
 * before anything else is literal. InfluxDB's docs name only `\"` and `\\`; the reference decoder
 * (line-protocol/v2) also reads `\n`, `\r` and `\t`, and we follow the decoder.
 */
export function unescapeString(raw: string): string {
  return raw.replace(ESCAPE_IN_STRING, (_, escaped: string) => STRING_ESCAPES[escaped] ?? escaped);
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
