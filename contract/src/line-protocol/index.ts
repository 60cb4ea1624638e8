/** InfluxDB line protocol: the one parser and formatter every layer uses (docs/line-protocol.md). */
export { parseLineProtocol, scanLineProtocol, type LineClaim } from './parse.js';
export { formatLine, type FormatOptions, type FormattablePoint } from './format.js';
export { escapeKey } from './escape.js';
export { LineProtocolError } from './line-protocol-error.js';
export type { FieldValue, ParsedPoint, PointSpan } from './types.js';
