import http from 'node:http';
import https from 'node:https';

/** What InfluxDB answered: its status and body. */
export type PostAnswer = { status: number; text: string };

export type PostLimits = {
  /** Rejects when the whole answer has not come within this long of the call. */
  timeoutMs: number;
  /** Rejects an answer longer than this: what InfluxDB says is held in memory whole. */
  maxAnswerBytes: number;
};

/**
 * Kept-alive connections to InfluxDB. Writes are the hot path (a fleet's samples, a few
 * hundred POSTs a second): `fetch` builds a WHATWG Request, stream and AbortSignal for each,
 * which cost more CPU than the write itself, and offers gzip, which makes influxd compress
 * every answer (a month of 8 GPUs: 65 ms instead of 22).
 */
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 32 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 32 }),
};

function readAnswer(response: http.IncomingMessage, maxBytes: number): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        response.destroy(new Error(`the answer is longer than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () =>
      resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
    );
    response.on('error', reject);
  });
}

/**
 * POSTs `body` to `url` on a kept-alive connection; rejects when the server cannot be reached,
 * does not answer in time, or answers more than the limit.
 */
export function postBody(
  url: URL,
  headers: Record<string, string>,
  body: string | Uint8Array,
  limits: PostLimits,
): Promise<PostAnswer> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(url, {
      method: 'POST',
      agent: secure ? AGENTS['https:'] : AGENTS['http:'],
      headers: {
        ...headers,
        'accept-encoding': 'identity',
        'content-length': String(Buffer.byteLength(body)),
      },
    });
    // From the call on, whatever holds it up: a free pooled socket, connecting, a server that
    // never answers or answers a byte at a time.
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${limits.timeoutMs / 1000} s`)),
      limits.timeoutMs,
    );
    const settle =
      <T>(done: (value: T) => void) =>
      (value: T) => {
        clearTimeout(deadline);
        done(value);
      };
    request.on('response', (response) =>
      readAnswer(response, limits.maxAnswerBytes).then(settle(resolve), settle(reject)),
    );
    request.on('error', settle(reject));
    request.end(body);
  });
}
