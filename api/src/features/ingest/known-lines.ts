import type { PointSpan } from '@ioworker/contract/line-protocol';
import { fieldTypesOf, type FieldType, type Measurement } from '@ioworker/contract/telemetry';
import { createBoundedMemo } from '../../lib/bounded-memo.js';
import type { MappedPoint, StoredValue } from './point-mapping.js';
import { isDigit, VALUE_ENDS } from './plain-values.js';
import { REMEMBERED_SERIES } from './remembered-series.js';

// Local, not imported: transpilers can turn imported bindings into getter calls.
const SPACE = 0x20;
const COMMA = 0x2c;
const DIGIT_0 = 0x30;
const BACKSLASH = 0x5c;

/** Digits of a timestamp taken here; int64's 19th could overflow, so those are checked too. */
const MAX_TIMESTAMP_DIGITS = 19;
/** Layouts kept per measurement-and-tags prefix (a GPU whose fan reads N/A sends fewer fields). */
const LAYOUTS_PER_PREFIX = 4;

/** A field of a layout: its name, its key followed by `=` as the line has it, its stored type. */
type LayoutField = { name: string; key: string; type: FieldType };

/** The fields of a line, in the order written, and where each field's name is among them. */
type Layout = { fields: LayoutField[]; positions: ReadonlyMap<string, number> };

/** A prefix (measurement and tags, as written) a line stored as written had before. */
type KnownPrefix = {
  measurement: Measurement;
  /** Its tags as stored, `device` left out: the prefix is shared by every device that sends it. */
  tags: ReadonlyMap<string, string>;
  layouts: Layout[];
};

/** The fields a point reads its values from: a Map, or the line itself (`LineFields`). */
export type StoredFields = ReadonlyMap<string, StoredValue> | LineFields;

/** A point of a known line: its fields stay in the body until read. */
export type KnownPoint = Omit<MappedPoint, 'tags' | 'fields'> & {
  tags: ReadonlyMap<string, string>;
  fields: StoredFields;
};

/**
 * A line's field values, read from the body when asked for: a fleet's batch is mostly read for
 * a few fields of each point, and parsing every value into a Map, or even keeping where each
 * lies, was most of its cost (garbage, mostly).
 */
class LineFields implements Pick<ReadonlyMap<string, StoredValue>, 'get' | 'has'> {
  constructor(
    private readonly body: string,
    private readonly layout: Layout,
    /** Where the first key starts. */
    private readonly from: number,
  ) {}

  has(key: string): boolean {
    return this.layout.positions.has(key);
  }

  get(key: string): StoredValue | undefined {
    const index = this.layout.positions.get(key);
    if (index === undefined) return undefined;
    let at = this.from;
    let position = 0;
    for (const field of this.layout.fields) {
      const end = this.valueEndAt(field, position, at);
      if (position === index) return this.valueOf(field, at, end);
      at = end + 1;
      position += 1;
    }
    return undefined;
  }

  /** Every value, in one pass over the line. */
  toMap(): Map<string, StoredValue> {
    const values = new Map<string, StoredValue>();
    let at = this.from;
    this.layout.fields.forEach((field, position) => {
      const end = this.valueEndAt(field, position, at);
      values.set(field.name, this.valueOf(field, at, end));
      at = end + 1;
    });
    return values;
  }

  /** Where the value of the field at `position`, whose key starts at `at`, ends. */
  private valueEndAt(field: LayoutField, position: number, at: number): number {
    const last = position === this.layout.fields.length - 1;
    return valueEnd(this.body, at + field.key.length, field.type, last);
  }

  /** The value of the field whose key starts at `at` and whose value ends at `end`. */
  private valueOf(field: LayoutField, at: number, end: number): StoredValue {
    return storedValue(this.body.slice(at + field.key.length, end), field.type);
  }
}

/** A value as written, checked by `matchLayout`, in its stored type. */
function storedValue(text: string, type: FieldType): StoredValue {
  if (type === 'float') return { type, value: Number(text) };
  if (type === 'int') return { type, value: BigInt(text.slice(0, -1)) };
  return { type, value: text.slice(1, -1) };
}

/** Where a value checked by `matchLayout` ends: its closing quote, or the `,` or space after it. */
function valueEnd(body: string, start: number, type: FieldType, last: boolean): number {
  if (type === 'string') return body.indexOf('"', start + 1) + 1;
  return body.indexOf(last ? ' ' : ',', start);
}

const knownPrefixes = createBoundedMemo<string, KnownPrefix>(REMEMBERED_SERIES);

/** Distinct layouts held at once: a fleet sends a few per measurement (a GPU without a fan…). */
const MAX_LAYOUTS = 1_000;
/**
 * One layout for every prefix that has it, by measurement and keys in order: GPUs of one model
 * send the same fields.
 */
const layouts = new Map<string, Layout>();

/** Forgets every prefix and layout learnt: the next line of each series is parsed in full. */
export function forgetKnownLines(): void {
  layouts.clear();
  knownPrefixes.clear();
}

/**
 * The layout of `signature`, shared. Every layout a prefix holds is one of these, so when they
 * reach MAX_LAYOUTS the prefixes are forgotten with them: a node writing its fields in ever new
 * orders costs parsing, never memory beyond that bound.
 */
function sharedLayout(signature: string, fields: LayoutField[]): Layout {
  const known = layouts.get(signature);
  if (known) return known;
  if (layouts.size >= MAX_LAYOUTS) forgetKnownLines();
  const layout = {
    fields,
    positions: new Map(fields.map(({ name }, index) => [name, index])),
  };
  layouts.set(signature, layout);
  return layout;
}

/** The first space not escaped by a backslash: where measurement and tags end. */
function prefixEnd(body: string, from: number, lineEnd: number): number {
  let at = body.indexOf(' ', from);
  while (at > from && at < lineEnd && body.charCodeAt(at - 1) === BACKSLASH) {
    at = body.indexOf(' ', at + 1);
  }
  return at > from && at < lineEnd ? at : -1;
}

/** The line's fields against `layout`: where its last value ends, or -1 where one differs. */
function matchLayout(body: string, from: number, layout: Layout): number {
  const { fields } = layout;
  let at = from;
  let end = -1;
  let remaining = fields.length;
  for (const { key, type } of fields) {
    if (!body.startsWith(key, at)) return -1;
    remaining -= 1;
    end = VALUE_ENDS[type](body, at + key.length, remaining === 0 ? SPACE : COMMA);
    if (end < 0) return -1;
    at = end + 1;
  }
  return end;
}

/**
 * A timestamp as written, digits to the line end: its value, approximate past 2^53, or -1. At
 * most int64's 19 digits; the window refuses what the 19th could push past int64.
 */
function stampAt(body: string, from: number, lineEnd: number): number {
  if (lineEnd === from || lineEnd - from > MAX_TIMESTAMP_DIGITS) return -1;
  let value = 0;
  for (let at = from; at < lineEnd; at++) {
    const code = body.charCodeAt(at);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - DIGIT_0);
  }
  return value;
}

/** What a known line needs of the write: the window its timestamp must fall in, in its units. */
type StampWindow = {
  /** Earliest and latest accepted, narrowed by a second so that rounding cannot matter. */
  earliest: number;
  latest: number;
  /** Digits that are below a millisecond in the write's precision (ns: 6, us: 3). */
  subMillisecondDigits: number;
  /** Milliseconds per unit for `s` (1000) and `ms` (1). */
  msPerUnit: number;
};

const UNITS_PER_SECOND = { ns: 1e9, us: 1e6, ms: 1e3, s: 1 } as const;
const SUB_MILLISECOND_DIGITS = { ns: 6, us: 3, ms: 0, s: 0 } as const;

/**
 * The window of `[earliest, latest]` (the write's units, as the parser's checks compare them)
 * that a known line's timestamp must fall in, a second inside it at each end.
 */
export function stampWindow(
  precision: keyof typeof UNITS_PER_SECOND,
  earliest: bigint,
  latest: bigint,
): StampWindow {
  const second = UNITS_PER_SECOND[precision];
  return {
    earliest: Number(earliest) + second,
    latest: Number(latest) - second,
    subMillisecondDigits: SUB_MILLISECOND_DIGITS[precision],
    msPerUnit: precision === 's' ? 1000 : 1,
  };
}

/** Milliseconds of a timestamp `[from, end)`: the digits above the millisecond, exactly. */
function millisecondsOf(
  body: string,
  from: number,
  end: number,
  stamp: number,
  window: StampWindow,
): number {
  if (window.subMillisecondDigits === 0) return stamp * window.msPerUnit;
  let value = 0;
  const last = end - window.subMillisecondDigits;
  for (let at = from; at < last; at++) {
    value = value * 10 + (body.charCodeAt(at) - DIGIT_0);
  }
  return value;
}

/** A known line's point, with where it lies in the body (as `PointSpan` says) to forward it. */
export type KnownLine = KnownPoint & { timeMs: number } & Pick<
    PointSpan,
    'start' | 'tagsEnd' | 'end'
  >;

/**
 * The line at `start` (1-based `line`), when it has a prefix and field layout a line stored as
 * written had before, every value of its stored type in the plainest syntax, a timestamp inside
 * the write's window and nothing else: then it is exactly what the parser and schema would have
 * forwarded as written, checked in place. Anything else, unusual spacing, exponents, escapes and
 * CRLF included, is undefined: the parser takes it.
 */
export function knownLineAt(
  body: string,
  start: number,
  line: number,
  window: StampWindow,
): KnownLine | undefined {
  let end = body.indexOf('\n', start);
  if (end < 0) end = body.length;
  const tagsEnd = prefixEnd(body, start, end);
  if (tagsEnd < 0) return undefined;
  const known = knownPrefixes.peek(body.slice(start, tagsEnd));
  if (!known) return undefined;
  for (const layout of known.layouts) {
    const fieldsEnd = matchLayout(body, tagsEnd + 1, layout);
    if (fieldsEnd < 0) continue;
    const stamp = stampAt(body, fieldsEnd + 1, end);
    if (stamp < window.earliest || stamp > window.latest) return undefined;
    const { measurement, tags } = known;
    const fields = new LineFields(body, layout, tagsEnd + 1);
    const timeMs = millisecondsOf(body, fieldsEnd + 1, end, stamp, window);
    return { measurement, tags, fields, line, timeMs, start, tagsEnd, end };
  }
  return undefined;
}

/**
 * Remembers the prefix and field layout of a line the parser and schema found stored as written
 * (`pointAsWritten`), with its own timestamp and no repeated field, so its like is checked in
 * place next time (`knownLineAt`).
 */
export function learnLine(body: string, span: PointSpan, point: MappedPoint): void {
  const measurement = point.measurement as Measurement;
  const types = fieldTypesOf(measurement);
  const fields: LayoutField[] = [];
  for (const [key, value] of point.fields) {
    // Schema keys need no escapes; anything else is the parser's.
    if (!/^[a-z0-9_]+$/.test(key) || types.get(key) !== value.type) return;
    fields.push({ name: key, key: `${key}=`, type: value.type });
  }
  // First: taking a new layout may forget every prefix, this one's included.
  const layout = sharedLayout(`${measurement} ${fields.map(({ key }) => key).join('')}`, fields);
  const prefix = body.slice(span.start, span.tagsEnd);
  const known = knownPrefixes.peek(prefix) ?? {
    measurement,
    tags: new Map([...point.tags].filter(([key]) => key !== 'device')),
    layouts: [],
  };
  if (known.layouts.includes(layout)) return;
  if (known.layouts.length >= LAYOUTS_PER_PREFIX) known.layouts.shift();
  known.layouts.push(layout);
  knownPrefixes.set(prefix, known);
}

/** Every value of a point's fields, read in one pass where they still lie in the body. */
export function valuesOf(fields: StoredFields): ReadonlyMap<string, StoredValue> {
  return fields instanceof LineFields ? fields.toMap() : fields;
}
