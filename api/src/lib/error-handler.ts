import type { Context, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { HTTPResponseError } from 'hono/types';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, type ErrorBody } from './api-error.js';
import type { Logger } from './logger.js';
import { MetricsUnavailableError } from '../influx/influx-client.js';

/**
 * An InfluxDB outage fails every write of every node: one warning when it is first seen, then
 * at most one a minute with the number of requests it failed since. Counted per logger, that is
 * per API instance, so that instances sharing a process (tests) each report their own.
 */
const metricsOutages = new WeakMap<Logger, { lastLoggedAt: number; failedSince: number }>();

function reportMetricsOutage(logger: Logger, error: MetricsUnavailableError): void {
  const outage = metricsOutages.get(logger) ?? { lastLoggedAt: 0, failedSince: 0 };
  metricsOutages.set(logger, outage);
  outage.failedSince += 1;
  const now = Date.now();
  if (now - outage.lastLoggedAt < OUTAGE_LOG_INTERVAL_MS) return;
  logger.warn({ err: error.message, failed: outage.failedSince }, 'metrics storage unavailable');
  outage.lastLoggedAt = now;
  outage.failedSince = 0;
}
const OUTAGE_LOG_INTERVAL_MS = 60_000;

/** What the error handler reads of a request; the app's variables hold more. */
type ErrorEnv = { Variables: { deps: { logger: Logger }; requestId: string } };

const codesByStatus: Partial<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function fromHttpException(error: HTTPException): ApiError {
  if (error.status === 400 && error.message.startsWith('Malformed JSON')) {
    return ApiError.badRequest('invalid_json', 'Request body is not valid JSON.');
  }
  const status = error.status as ContentfulStatusCode;
  return new ApiError(status, codesByStatus[status] ?? 'error', error.message || 'Request failed.');
}

/** Telegraf and the InfluxDB clients read InfluxDB's own error shape from the write API. */
const influxCodes: Partial<Record<number, string>> = {
  400: 'invalid',
  401: 'unauthorized',
  413: 'request too large',
  429: 'too many requests',
  503: 'unavailable',
};

/** InfluxDB's error shape, which the write API answers in. */
export function influxErrorBody(error: ApiError): { code: string; message: string } {
  const code = influxCodes[error.status] ?? (error.status >= 500 ? 'internal error' : 'invalid');
  return { code, message: error.message };
}

export function errorResponse(c: Context, error: ApiError): Response {
  if (c.req.path.startsWith('/api/v2/')) {
    return c.json(influxErrorBody(error), error.status, error.headers);
  }
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  return c.json(body, error.status, error.headers);
}

/** nginx's status for a request its client closed; no one reads the response. */
const CLIENT_CLOSED_REQUEST = 499 as ContentfulStatusCode;

/** What turning an error into an answer needs to know of its request. */
export type FailedRequest = { requestId: string; logger: Logger; clientClosed: boolean };

/**
 * The one place an error becomes the ApiError that is answered. Our own faults are logged,
 * never explained; a client that hung up mid-request (a node cut off mid-write, a closed tab)
 * is not our fault.
 */
export function apiErrorOf(error: Error, request: FailedRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  const { logger, requestId } = request;
  if (request.clientClosed) {
    logger.info({ requestId, reason: error.message }, 'client closed the request');
    return new ApiError(
      CLIENT_CLOSED_REQUEST,
      'client_closed_request',
      'The client closed the request.',
    );
  }
  if (error instanceof MetricsUnavailableError) {
    reportMetricsOutage(logger, error);
    return new ApiError(503, 'unavailable', 'Metrics storage is unavailable; retry later.', {
      'Retry-After': '10',
    });
  }
  logger.error(
    { requestId, err: { name: error.name, message: error.message, stack: error.stack } },
    'unhandled error',
  );
  return new ApiError(
    500,
    'internal_error',
    `Something went wrong on our side (request ${requestId}).`,
  );
}

export function handleError<E extends ErrorEnv>(
  error: Error | HTTPResponseError,
  c: Context<E>,
): Response {
  const request = {
    requestId: c.var.requestId,
    logger: c.var.deps.logger,
    clientClosed: c.req.raw.signal.aborted,
  };
  return errorResponse(c, apiErrorOf(error, request));
}

export const handleNotFound: NotFoundHandler = (c) =>
  errorResponse(c, ApiError.notFound(`Route ${c.req.method} ${c.req.path}`));
