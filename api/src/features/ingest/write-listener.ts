import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AppDeps, AuthenticatedDevice } from '../../app-env.js';
import { ApiError } from '../../lib/api-error.js';
import { createBoundedMemo } from '../../lib/bounded-memo.js';
import { apiErrorOf, influxErrorBody } from '../../lib/error-handler.js';
import { validationError } from '../../lib/validation.js';
import { requestIdFrom } from '../../middleware/request-id.js';
import { elapsedMs, logRequest } from '../../middleware/request-logger.js';
import { deviceOf } from '../auth/auth.middleware.js';
import {
  countLines,
  observeWrite,
  type WriteOutcome,
} from '../platform-metrics/process-metrics.js';
import { acceptWrite, type WriteDeps } from './accept-write.js';
import { WriteQuery } from './ingest.routes.js';
import { readWriteBody, type WriteBody } from './write-body.js';

const WRITE_PATH = '/api/v2/write';

/**
 * A node's write: `POST /api/v2/write`, without an Origin (a browser's goes through the app,
 * for CORS). Any other form of the path (percent-encoded, absolute) is the app's to route.
 */
function isNodeWrite(request: IncomingMessage): boolean {
  if (request.method !== 'POST' || request.headers.origin !== undefined) return false;
  const url = request.url ?? '';
  const queryAt = url.indexOf('?');
  return (queryAt < 0 ? url : url.slice(0, queryAt)) === WRITE_PATH;
}

type Precision = ReturnType<typeof WriteQuery.parse>['precision'];

// A fleet sends one query string all day (`?org=…&bucket=…&precision=ms`): each is read once.
const precisions = createBoundedMemo<string, Precision | ApiError>(1_000);

/** The query as the app's validator reads it: a key given twice is an array (and refused). */
function readPrecision(search: string): Precision | ApiError {
  const params = new URLSearchParams(search);
  const query = Object.fromEntries(
    [...new Set(params.keys())].map((key) => {
      const values = params.getAll(key);
      return [key, values.length === 1 ? values[0] : values];
    }),
  );
  const parsed = WriteQuery.safeParse(query);
  return parsed.success ? parsed.data.precision : validationError(parsed.error, 'query');
}

function precisionOf(url: string): Precision {
  const queryAt = url.indexOf('?');
  const search = queryAt < 0 ? '' : url.slice(queryAt + 1);
  const precision = precisions.get(search, () => readPrecision(search));
  if (precision instanceof ApiError) throw precision;
  return precision;
}

/** The client can no longer read an answer: it hung up, mid-body or before. */
function closedByClient(request: IncomingMessage): boolean {
  return request.socket.destroyed || (request.destroyed && !request.complete);
}

function answerError(
  request: IncomingMessage,
  response: ServerResponse,
  error: ApiError,
  requestId: string,
): void {
  const body = JSON.stringify(influxErrorBody(error));
  response.writeHead(error.status, {
    ...error.headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'X-Request-Id': requestId,
    // Refused before its body was read: the connection closes rather than drain what is left.
    ...(request.complete ? {} : { Connection: 'close' }),
  });
  response.end(body);
}

/** The route's middleware and handler (app.ts, ingest.handlers.ts), in their order. */
async function handleWrite(
  deps: AppDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const header = request.headers['x-request-id'];
  const requestId = requestIdFrom(Array.isArray(header) ? header[0] : header);
  let device: AuthenticatedDevice | undefined;
  let body: WriteBody | undefined;
  let status = 204;
  let points = 0;
  let refused: WriteOutcome['refused'];
  try {
    device = await deviceOf(deps, request.headers.authorization);
    const precision = precisionOf(request.url ?? '');
    body = await readWriteBody({ incoming: request }, request.headers['content-encoding']);
    points = await acceptWrite(deps satisfies WriteDeps, device, precision, body);
    response.writeHead(204, { 'X-Request-Id': requestId }).end();
  } catch (caught) {
    const failed = { requestId, logger: deps.logger, clientClosed: closedByClient(request) };
    const error = apiErrorOf(caught instanceof Error ? caught : new Error(String(caught)), failed);
    status = error.status;
    refused = { reason: error.code, lines: body ? countLines(body.text) : 0 };
    answerError(request, response, error, requestId);
  }
  observeWrite({ status, seconds: (performance.now() - started) / 1000, points, refused });
  logRequest(deps.logger, {
    requestId,
    method: 'POST',
    path: WRITE_PATH,
    status,
    ms: elapsedMs(started),
    deviceId: device?.deviceId,
  });
}

/**
 * Serves nodes' writes straight from Node's request, and hands every other request to the app.
 * The write is the one request a fleet sends all day (2,000 nodes: 200 a second); the app's
 * middleware chain and its Request/Response objects were a third of its CPU (measured in
 * bench/ingest.bench.ts). Same checks, errors, headers and log line as the route in the app.
 */
export function createWriteListener(deps: AppDeps, app: RequestListener): RequestListener {
  return (request, response) => {
    if (!isNodeWrite(request)) return app(request, response);
    handleWrite(deps, request, response).catch((error: Error) => {
      deps.logger.error({ err: error.message }, 'answering a write failed');
      response.destroy();
    });
  };
}
