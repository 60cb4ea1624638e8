import { isAscii } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
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
function isGzipped(contentEncoding: string | undefined): boolean {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
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

function tooLarge(): ApiError {
  return new ApiError(413, 'payload_too_large', 'Request body is larger than 5 MB.', {
    Connection: 'close',
  });
}

/**
 * The body straight from Node's request: building a WHATWG Request and stream for it costs
 * about as much CPU as the rest of a small write (measured: 0.1 ms of 1 ms per fleet write).
 * Refused past MAX_BODY_BYTES, by its Content-Length before any of it is read.
 */
function readIncoming(incoming: IncomingMessage): Promise<Buffer> {
  if (Number(incoming.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_BODY_BYTES) return void chunks.push(chunk);
      incoming.off('data', onData);
      reject(tooLarge());
    };
    const closedEarly = () => new Error('the client closed the request before its body was read');
    incoming.on('data', onData);
    incoming.once('end', () => resolve(Buffer.concat(chunks, bytes)));
    // The client hung up mid-body: the error handler sees the request aborted (a 499, logged
    // at info), as it does for any other read the client cut short.
    incoming.once('close', () => {
      if (!incoming.complete) reject(closedEarly());
    });
    incoming.on('error', reject);
    // Node may have ended or destroyed the request while the credential was looked up: its
    // events are past, and only its state says so.
    if (incoming.readableEnded) resolve(Buffer.concat(chunks, bytes));
    else if (incoming.destroyed || incoming.errored) reject(incoming.errored ?? closedEarly());
  });
}

/** In-process (`app.request`, tests): the Request is all there is. */
async function readRequest(request: Request): Promise<Buffer> {
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge();
  return bytes;
}

/** Node's request, where there is one; a WHATWG Request in process. */
export type WriteBodySource = { incoming: IncomingMessage } | { request: Request };

/** Reads, decompresses and decodes a write's body, refusing what cannot be a batch of lines. */
export async function readWriteBody(
  source: WriteBodySource,
  contentEncoding: string | undefined,
): Promise<WriteBody> {
  const gzipped = isGzipped(contentEncoding);
  const received =
    'incoming' in source ? await readIncoming(source.incoming) : await readRequest(source.request);
  const bytes = gzipped ? await gunzipBody(received) : received;
  const ascii = isAscii(bytes);
  const text = ascii ? bytes.toString('latin1') : decodeUtf8(bytes);
  assertLineCount(text);
  return { text, bytes, ascii };
}
