import http from 'node:http';
import https from 'node:https';
import { gzipSync } from 'node:zlib';
import { WriteRefusedError } from './write-errors.js';

/** Sends line protocol; resolves once the server acknowledged every line. */
export type LineWriter = { write(lines: readonly string[]): Promise<void> };

/** At most this many lines per request (the API accepts 5 MB after decompression). */
export const MAX_BATCH_LINES = 5_000;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Bodies from this size on are gzipped (level 1: a 10 KB batch of 8 GPUs shrinks about 5×
 * for ~0.1 ms of CPU); a smaller one costs more to compress than it saves on the wire.
 */
export const GZIP_FROM_BYTES = 4 * 1024;
/** A refusal's body is read up to this size, for the log. */
const MAX_ERROR_BODY = 1_000;

export type InfluxWriterOptions = {
  /** The API's InfluxDB-compatible base URL (`ingestUrl` from enrollment). */
  url: string;
  /** The device credential, sent as `Authorization: Token …`. */
  token: string;
  timeoutMs?: number;
};

/**
 * `POST {url}/api/v2/write?precision=ms` (the InfluxDB v2 write API the API speaks) over one
 * kept-alive connection: per batch, one request on an open socket, where the client library's
 * WriteApi added its buffers, retry strategy and per-request option objects. The disk log is
 * the buffer and the shipper decides about retries. A refusal is thrown as a
 * `WriteRefusedError` (status, body, headers), which `classifyWriteFailure` reads.
 *
 * @example
 * const writer = createInfluxWriter({ url: 'https://api.example', token: credential });
 * await writer.write(['host uptime_s=1 1700000000000']);
 */
export function createInfluxWriter({ url, token, timeoutMs = 15_000 }: InfluxWriterOptions) {
  const base = new URL(url);
  const secure = base.protocol === 'https:';
  if (!secure && base.protocol !== 'http:') {
    throw new Error(`Unsupported protocol ${base.protocol} in ${url}`);
  }
  const request = secure ? https.request : http.request;
  // One socket, kept open between batches (a server closes it when idle; then a new one).
  const agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 1 });
  const path = `${base.pathname.replace(/\/+$/, '')}/api/v2/write?org=ioworker&bucket=ioworker&precision=ms`;
  const authorization = `Token ${token}`;

  function post(body: Buffer, headers: http.OutgoingHttpHeaders): Promise<void> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path,
          method: 'POST',
          agent,
          headers,
          timeout: timeoutMs,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            response.resume();
            response.once('end', resolve);
            response.once('error', reject);
            return;
          }
          let detail = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (detail.length < MAX_ERROR_BODY) detail += chunk;
          });
          response.once('error', reject);
          response.once('end', () => {
            reject(
              new WriteRefusedError(status, detail.slice(0, MAX_ERROR_BODY), response.headers),
            );
          });
        },
      );
      outgoing.once('timeout', () => {
        outgoing.destroy(
          Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
        );
      });
      outgoing.once('error', (error: NodeJS.ErrnoException) => {
        // The server closed the idle connection as this request went out on it: not an outage.
        if (outgoing.reusedSocket && error.code === 'ECONNRESET') {
          post(body, headers).then(resolve, reject);
          return;
        }
        reject(error);
      });
      outgoing.end(body);
    });
  }

  return {
    write(lines: readonly string[]): Promise<void> {
      const plain = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
      const gzipped = plain.length >= GZIP_FROM_BYTES;
      const body = gzipped ? gzipSync(plain, { level: 1 }) : plain;
      const headers: http.OutgoingHttpHeaders = {
        authorization,
        'content-type': 'text/plain; charset=utf-8',
        'content-length': body.length,
      };
      if (gzipped) headers['content-encoding'] = 'gzip';
      return post(body, headers);
    },
  } satisfies LineWriter;
}
