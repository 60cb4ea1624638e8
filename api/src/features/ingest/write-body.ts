import { isAscii } from 'node:buffer';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ApiError } from '../../lib/api-error.js';
import { MAX_BODY_BYTES } from './ingest.routes.js';

const gunzipAsync = promisify(gunzip);
/**
 * Lines one write may carry: our collector sends at most 5,000, Telegraf 1,000 by default. The
 * whole batch is parsed and checked at once, so this bounds the time one request holds the
 * event loop (a 5 MB body of short lines would be ~330,000 points, about 2 s of CPU).
 */
export const MAX_WRITE_LINES = 20_000;

/**
 * A write's body, decompressed. `ascii` bodies (every one our collector sends) have one byte per
 * character, so a span of `text` is the same span of `bytes`, and lines can be forwarded as bytes.
 */
export type WriteBody = { text: string; bytes: Buffer; ascii: boolean };

/** The body's encoding: gzip (which `x-gzip` also names) or none; anything else is refused. */
function isGzipped(request: Request): boolean {
  const encoding = (request.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return true;
  if (encoding === '' || encoding === 'identity') return false;
  throw new ApiError(
    415,
    'unsupported_media_type',
    `Content-Encoding "${encoding.slice(0, 32)}" is not supported: send gzip or no encoding.`,
  );
}

async function gunzipBody(bytes: Buffer): Promise<Buffer> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: MAX_BODY_BYTES });
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
      error instanceof RangeError
    ) {
      throw new ApiError(
        413,
        'payload_too_large',
        'Request body is larger than 5 MB once decompressed.',
      );
    }
    throw ApiError.badRequest('invalid', 'Request body is not valid gzip.');
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw ApiError.badRequest('invalid', 'Request body is not valid UTF-8.');
  }
}

function assertLineCount(text: string): void {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    lines += 1;
    if (lines > MAX_WRITE_LINES) {
      throw new ApiError(
        413,
        'payload_too_large',
        `A write may carry at most ${MAX_WRITE_LINES} lines: send smaller batches (Telegraf: metric_batch_size).`,
      );
    }
  }
}

/** Reads, decompresses and decodes a write's body, refusing what cannot be a batch of lines. */
export async function readWriteBody(request: Request): Promise<WriteBody> {
  const received = Buffer.from(await request.arrayBuffer());
  const bytes = isGzipped(request) ? await gunzipBody(received) : received;
  const ascii = isAscii(bytes);
  const text = ascii ? bytes.toString('latin1') : decodeUtf8(bytes);
  assertLineCount(text);
  return { text, bytes, ascii };
}
