/**
 * A string literal for InfluxQL: single quotes, with backslashes and quotes escaped.
 *
 * @example
 * `WHERE "device" = ${quoteString(deviceId)}`;
 */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
