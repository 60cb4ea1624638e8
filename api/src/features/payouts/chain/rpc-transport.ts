import {
  createDefaultRpcTransport,
  isSolanaError,
  SOLANA_ERROR__RPC__TRANSPORT_HTTP_ERROR,
  type RpcTransport,
} from '@solana/kit';

export type RpcTransportOptions = {
  /** The most one request may take, its answer included; a hung node must not hang a payout run. */
  timeoutMs: number;
  /** How many times a request answered with HTTP 429 is sent again before the error is thrown. */
  rateLimitRetries: number;
  /** The longest a Retry-After is waited out; a longer one fails the request instead. */
  maxRetryAfterMs: number;
};

export const DEFAULT_RPC_TRANSPORT_OPTIONS: RpcTransportOptions = {
  timeoutMs: 20_000,
  rateLimitRetries: 3,
  maxRetryAfterMs: 10_000,
};

// Without a Retry-After, the wait doubles from here on each retry.
const BASE_BACKOFF_MS = 500;

export class RpcTimeoutError extends Error {
  constructor(method: string, timeoutMs: number) {
    super(`Solana RPC ${method} got no answer within ${timeoutMs} ms`);
    this.name = 'RpcTimeoutError';
  }
}

function methodOf(payload: unknown): string {
  return payload instanceof Object && 'method' in payload && typeof payload.method === 'string'
    ? payload.method
    : 'request';
}

/** Seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from now. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** How long to wait before sending a rate-limited request again, or undefined to give up. */
function rateLimitWait(
  error: unknown,
  attempt: number,
  options: RpcTransportOptions,
): number | undefined {
  if (!isSolanaError(error, SOLANA_ERROR__RPC__TRANSPORT_HTTP_ERROR)) return undefined;
  if (error.context.statusCode !== 429 || attempt >= options.rateLimitRetries) return undefined;
  const wait = retryAfterMs(error.context.headers) ?? BASE_BACKOFF_MS * 2 ** attempt;
  return wait <= options.maxRetryAfterMs ? wait : undefined;
}

/**
 * @solana/kit's HTTP transport with a deadline on every request and a bounded retry on HTTP 429
 * (a request the node refused before handling it, so sending it again is safe). A timeout is
 * not retried: the caller decides what an unanswered request may have done.
 *
 * @example
 * const rpc = createSolanaRpcFromTransport(createPayoutRpcTransport(url, DEFAULT_RPC_TRANSPORT_OPTIONS));
 */
export function createPayoutRpcTransport(url: string, options: RpcTransportOptions): RpcTransport {
  const http = createDefaultRpcTransport({ url });
  return async function payoutRpcTransport<TResponse>(
    request: Parameters<RpcTransport>[0],
  ): Promise<TResponse> {
    for (let attempt = 0; ; attempt += 1) {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
      try {
        return await http<TResponse>({ ...request, signal });
      } catch (error) {
        if (deadline.aborted) {
          throw new RpcTimeoutError(methodOf(request.payload), options.timeoutMs);
        }
        const wait = rateLimitWait(error, attempt, options);
        if (wait === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };
}
