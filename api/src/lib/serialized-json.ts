import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import { encode, MIN_COMPRESSED_BYTES, preferredEncoding, type Encoding } from './compression.js';
import { weakEtag } from './etag.js';

declare const encodes: unique symbol;

/** JSON serialized once to be sent many times; its tag and compressed forms are made once too. */
export type SerializedJson<T> = {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly etag: string;
  encoded(encoding: Encoding): Promise<Uint8Array<ArrayBuffer>>;
  /** Never set: the type of the value the bytes encode, for the route's typed response. */
  readonly [encodes]?: T;
};

export function serializeJson<T>(value: T): SerializedJson<T> {
  const bytes = Buffer.from(JSON.stringify(value));
  const encodings = new Map<Encoding, Promise<Uint8Array<ArrayBuffer>>>();
  return {
    bytes,
    etag: weakEtag(bytes),
    encoded(encoding) {
      let encoded = encodings.get(encoding);
      if (!encoded) {
        encoded = encode(bytes, encoding);
        encodings.set(encoding, encoded);
        encoded.catch(() => encodings.delete(encoding));
      }
      return encoded;
    },
  };
}

/**
 * Answers with serialized JSON, typed for the route's clients as `c.json` would be: in the
 * coding the client prefers, with its ETag. The compressJson middleware leaves it as it is.
 */
export async function sendSerializedJson<T, S extends ContentfulStatusCode>(
  c: Context,
  json: SerializedJson<T>,
  status: S,
) {
  const encoding =
    json.bytes.byteLength > MIN_COMPRESSED_BYTES
      ? preferredEncoding(c.req.header('accept-encoding'))
      : undefined;
  c.header('Content-Type', 'application/json');
  c.header('ETag', json.etag);
  c.header('Vary', 'Accept-Encoding', { append: true });
  if (encoding) c.header('Content-Encoding', encoding);
  const body = encoding ? await json.encoded(encoding) : json.bytes;
  // The bytes are JSON.stringify(T): the one place their type is asserted.
  return c.body(body, status) as unknown as Response & TypedResponse<JSONParsed<T>, S, 'json'>;
}
