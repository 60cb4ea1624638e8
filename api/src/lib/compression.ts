import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { parseAccept } from 'hono/utils/accept';

/** The content codings the API sends, best first: the order breaks ties between equal q-values. */
const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Smaller bodies gain less than the coding costs (and than the headers weigh). */
export const MIN_COMPRESSED_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** Quality 4 makes the 430 KiB device list 28 KiB in ~1.5 ms; 11 (the default) takes ~500 ms. */
const BROTLI_OPTIONS = {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 4,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
};

/** Level 1 makes a month of 8 GPUs' metrics (1.1 MB) 156 KB in ~3.6 ms; 6 (the default), 147 KB in ~17 ms. */
const GZIP_OPTIONS = { level: 1 };

/**
 * The coding to answer `Accept-Encoding` with, or undefined for none (identity): the highest
 * q-value among the ones offered, `*` standing for any not named (RFC 9110 §12.5.3).
 *
 * @example preferredEncoding('gzip, deflate, br') // 'br'
 */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const offered = parseAccept(acceptEncoding);
  const wildcard = offered.find((entry) => entry.type === '*')?.q ?? 0;
  let best: { encoding: Encoding; q: number } | undefined;
  for (const encoding of ENCODINGS) {
    const q = offered.find((entry) => entry.type.toLowerCase() === encoding)?.q ?? wildcard;
    if (q > 0 && (!best || q > best.q)) best = { encoding, q };
  }
  return best?.encoding;
}

/** Compresses off the event loop (zlib's thread pool). */
export function encode(body: Uint8Array, encoding: Encoding): Promise<Buffer<ArrayBuffer>> {
  return encoding === 'br' ? brotli(body, BROTLI_OPTIONS) : gzipAsync(body, GZIP_OPTIONS);
}
