/** Why a request failed, in the terms the UI acts on. */
export type ApiErrorKind = 'unauthorized' | 'invalid_password' | 'unreachable' | 'api';

/** The one error type of the plugin's API calls. */
export class ApiRequestError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  static unreachable(cause: unknown): ApiRequestError {
    const error = new ApiRequestError(
      'unreachable',
      0,
      'unreachable',
      'The IO Worker API could not be reached. Check the API URL in the app settings, and serve ' +
        'Grafana and the API from the same site (for example grafana.example.com and ' +
        'api.example.com) so that the browser sends the session cookie.',
    );
    error.cause = cause;
    return error;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

/** Reads the API's `{"error": {code, message}}` body into an ApiRequestError. */
export async function readError(response: Response): Promise<ApiRequestError> {
  const body = (await response.json().catch(() => ({}))) as ErrorBody;
  const code = typeof body.error?.code === 'string' ? body.error.code : 'error';
  const message =
    typeof body.error?.message === 'string'
      ? body.error.message
      : `The API answered ${response.status} ${response.statusText}.`.trim();
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiRequestError(
    kindOf(response.status, code),
    response.status,
    code,
    message,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

function kindOf(status: number, code: string): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403 && code === 'invalid_password') return 'invalid_password';
  return 'api';
}

/** Any thrown value as an ApiRequestError, so the UI has one shape to show. */
export function toApiError(error: unknown): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiRequestError('api', 0, 'client_error', message);
}
