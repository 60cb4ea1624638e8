export type FieldValue =
  | { type: 'float'; value: number }
  | { type: 'int'; value: bigint }
  | { type: 'uint'; value: bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string };

export type ParsedPoint = {
  measurement: string;
  /** A Map, not a Record: tag keys come from the network, and `__proto__` is a valid one. */
  tags: Map<string, string>;
  /** In the order written; a repeated field key keeps its first position and its last value. */
  fields: Map<string, FieldValue>;
  /** As written, in the request's precision units; undefined when the line has none. */
  timestamp: bigint | undefined;
  /** 1-based line of the body on which the point starts. */
  line: number;
};

/** Where a point lies in the body it was parsed from (UTF-16 offsets), to forward it as written. */
export type PointSpan = {
  /** The first character of the measurement. */
  start: number;
  /** Just past the measurement, where its tags (`,key=value…`) start, if it has any. */
  tagsStart: number;
  /** Just past the tags: the space before the fields. */
  tagsEnd: number;
  /** Just past the timestamp, or past the last field when there is none (trailing spaces excluded). */
  end: number;
  /** A field key appears twice (the point keeps its last value). */
  repeatsField: boolean;
};
