import {
  escapeKey,
  type FieldValue,
  type ParsedPoint,
  type PointSpan,
} from '@ioworker/contract/line-protocol';
import {
  fieldTypesOf,
  isMeasurement,
  MAX_STRING_FIELD_LENGTH,
  MAX_TAG_LENGTH,
  MEASUREMENTS,
  type Measurement,
} from '@ioworker/contract/telemetry';
import { createBoundedMemo } from '../../lib/bounded-memo.js';
import { checkTag, tagRuleOf, type MappedPoint, type StoredValue } from './point-mapping.js';
import { REMEMBERED_SERIES } from './remembered-series.js';
import type { WriteBody } from './write-body.js';

/**
 * Any of these in a string value means the node escaped something. Such a value is re-written
 * rather than forwarded: InfluxDB 1.x reads `\n`, `\r` and `\t` literally where our parser,
 * like the reference decoder, reads a newline, CR and tab.
 */
const ESCAPED_IN_STRING = /[\\"\n\r\t\0]/;
/** In a tag value, InfluxDB 1.x also unescapes `\"`, which our parser keeps as written. */
const AMBIGUOUS_IN_TAG = /[\\"]/;

// A node repeats each prefix (measurement and tags) on every write: each is judged once.
const judgedPrefixes = createBoundedMemo<string, boolean>(REMEMBERED_SERIES);

/**
 * Tags stored exactly as written: every one known and valid as it stands (no `device`, which is
 * always forced), the required ones present, and escaped the one way the formatter escapes, so
 * InfluxDB cannot read the bytes differently from how they were checked.
 */
function tagsAsStored(measurement: Measurement, tags: Map<string, string>, raw: string): boolean {
  let canonical = '';
  for (const [key, value] of tags) {
    const rule = tagRuleOf(measurement, key);
    if (
      !rule ||
      value.length > MAX_TAG_LENGTH ||
      AMBIGUOUS_IN_TAG.test(value) ||
      checkTag(rule, key, value) !== value
    ) {
      return false;
    }
    canonical += `,${escapeKey(key)}=${escapeKey(value)}`;
  }
  const required = MEASUREMENTS[measurement].requiredTags;
  return canonical === raw && required.every((tag) => tags.has(tag));
}

/** Every field known and written in its stored type, strings short and free of escapes. */
function fieldsAsStored(
  measurement: Measurement,
  fields: Map<string, FieldValue>,
): fields is Map<string, StoredValue> {
  const types = fieldTypesOf(measurement);
  for (const [key, value] of fields) {
    if (types.get(key) !== value.type) return false;
    if (
      value.type === 'string' &&
      (value.value.length > MAX_STRING_FIELD_LENGTH || ESCAPED_IN_STRING.test(value.value))
    ) {
      return false;
    }
  }
  return true;
}

/**
 * The point as stored, when the node wrote it exactly as the gateway would store it: a known
 * measurement, tags and fields that pass the schema untouched, no repeated field, and its own
 * timestamp. Such a line is forwarded as its bytes with the device tag added (`OutgoingLines`);
 * any other point goes through `mapPoint` and is re-written. Undefined means "not as written",
 * never "invalid": `mapPoint` decides that.
 */
export function pointAsWritten(
  body: string,
  point: ParsedPoint,
  span: PointSpan,
  deviceId: string,
): MappedPoint | undefined {
  const { measurement, tags, fields } = point;
  if (!isMeasurement(measurement) || span.repeatsField || point.timestamp === undefined) {
    return undefined;
  }
  const prefix = body.slice(span.start, span.tagsEnd);
  const rawTags = prefix.slice(span.tagsStart - span.start);
  const tagsOk = judgedPrefixes.get(prefix, () => tagsAsStored(measurement, tags, rawTags));
  if (!tagsOk || !fieldsAsStored(measurement, fields)) {
    return undefined;
  }
  tags.set('device', deviceId);
  return { measurement, tags, fields, line: point.line };
}

const NEWLINE = 0x0a;

/**
 * The body InfluxDB gets: lines forwarded as the node wrote them, with `,device=<id>` after their
 * own tags, and re-written lines, copied into one buffer as they come. Consecutive forwarded
 * lines of an ASCII body are copied as one run, from one line's tags to the next one's, so a
 * line costs two copies. Non-ASCII bodies forward text instead, as their characters and bytes
 * do not line up.
 */
export class OutgoingLines {
  #out: Buffer;
  #length = 0;
  /** Forwarded body bytes not yet copied: `[runStart, runEnd)`, then a newline. -1: none. */
  #runStart = -1;
  #runEnd = -1;
  readonly #deviceTag: string;
  readonly #deviceTagBytes: Buffer;

  constructor(
    private readonly body: WriteBody,
    deviceId: string,
  ) {
    this.#deviceTag = `,device=${escapeKey(deviceId)}`;
    this.#deviceTagBytes = Buffer.from(this.#deviceTag);
    this.#out = Buffer.allocUnsafe(body.bytes.length + 1024);
  }

  get isEmpty(): boolean {
    return this.#length === 0 && this.#runEnd < 0;
  }

  forward(span: Pick<PointSpan, 'start' | 'tagsEnd' | 'end'>): void {
    const { text, bytes, ascii } = this.body;
    if (!ascii) {
      const line = text.slice(span.start, span.tagsEnd) + this.#deviceTag;
      this.#append(Buffer.from(`${line}${text.slice(span.tagsEnd, span.end)}\n`));
      return;
    }
    const follows = this.#runEnd >= 0 && span.start === this.#runEnd + 1;
    if (!follows || bytes[this.#runEnd] !== NEWLINE) {
      this.#endRun();
      this.#runStart = span.start;
    }
    this.#append(bytes, this.#runStart, span.tagsEnd);
    this.#append(this.#deviceTagBytes);
    this.#runStart = span.tagsEnd;
    this.#runEnd = span.end;
  }

  rewrite(line: string): void {
    this.#endRun();
    this.#append(Buffer.from(`${line}\n`));
  }

  bytes(): Buffer {
    this.#endRun();
    return this.#out.subarray(0, this.#length);
  }

  #endRun(): void {
    if (this.#runEnd < 0) return;
    this.#append(this.body.bytes, this.#runStart, this.#runEnd);
    this.#reserve(1);
    this.#out[this.#length++] = NEWLINE;
    this.#runStart = -1;
    this.#runEnd = -1;
  }

  #append(source: Buffer, start = 0, end = source.length): void {
    this.#reserve(end - start);
    this.#length += source.copy(this.#out, this.#length, start, end);
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#out.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#out.length * 2, this.#length + bytes));
    this.#out.copy(grown, 0, 0, this.#length);
    this.#out = grown;
  }
}
