import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error type of the API. Thrown anywhere, turned into
 * `{"error": {"code", "message"}}` by the single error handler.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static badRequest(code: string, message: string): ApiError {
    return new ApiError(400, code, message);
  }

  static unauthorized(message = 'Sign in to continue.', code = 'unauthorized'): ApiError {
    return new ApiError(401, code, message);
  }

  static forbidden(code: string, message: string): ApiError {
    return new ApiError(403, code, message);
  }

  /** Also used for objects of another account: their existence is never revealed. */
  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found.`);
  }

  static conflict(code: string, message: string): ApiError {
    return new ApiError(409, code, message);
  }

  static tooManyRequests(retryAfterSeconds: number, message: string): ApiError {
    return new ApiError(429, 'rate_limited', message, {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }
}

export type ErrorBody = { error: { code: string; message: string } };
