import { retryAfterMs } from '@ioworker/contract';
import type { SendOutcome } from '../channel-message.js';
import { PrivateAddressError, postToUserUrl, type HttpReply } from '../safe-http.js';
import { describeSeconds } from './format.js';

export const USER_AGENT = 'IO-Worker-Webhooks/1';
export const DEFAULT_TIMEOUT_MS = 10_000;

const SENT: SendOutcome = { kind: 'sent' };
/** Statuses that say "later" rather than "never", besides every 5xx. */
const RETRY_STATUSES = new Set([408, 425, 429]);

export function sentOutcome(): SendOutcome {
  return SENT;
}

export function failedOutcome(reason: string): SendOutcome {
  return { kind: 'failed', reason };
}

export function retryOutcome(reason: string, delayMs?: number): SendOutcome {
  if (delayMs === undefined) return { kind: 'retry', reason };
  return {
    kind: 'retry',
    reason: `${reason}, Retry-After ${describeSeconds(delayMs)}`,
    retryAfterMs: delayMs,
  };
}

export function isRetryStatus(status: number): boolean {
  return RETRY_STATUSES.has(status) || (status >= 500 && status <= 599);
}

/** 2xx sent; 408, 425, 429 and 5xx retry (honouring Retry-After); redirects and the rest fail. */
export function classifyReply(
  reply: HttpReply,
  host: string,
  now: number = Date.now(),
): SendOutcome {
  const { status } = reply;
  if (status >= 200 && status <= 299) return SENT;
  const label = `HTTP ${status} from ${host}`;
  if (status >= 300 && status <= 399) return failedOutcome(`${label}: redirects are not followed`);
  if (isRetryStatus(status))
    return retryOutcome(label, retryAfterMs(reply.headers['retry-after'], now));
  return failedOutcome(label);
}

function isTimeout(error: Error & { code?: unknown }): boolean {
  return error.name === 'TimeoutError' || error.code === 'ETIMEDOUT';
}

/** A failed request: a private address fails for good, anything on the way there is retried. */
export function classifyError(error: unknown, host: string, timeoutMs: number): SendOutcome {
  if (error instanceof PrivateAddressError) return failedOutcome(error.message);
  if (!(error instanceof Error)) return retryOutcome(`could not reach ${host}`);
  if (isTimeout(error)) return retryOutcome(`timed out after ${describeSeconds(timeoutMs)}`);
  const code = (error as NodeJS.ErrnoException).code;
  // Only the code: messages can carry addresses and paths the user should not see.
  return retryOutcome(`could not reach ${host}${code ? ` (${code})` : ''}`);
}

/** The user's URL, or undefined when it is not an http(s) URL we can POST to. */
export function parseTargetUrl(target: string): URL | undefined {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export type HttpSendOptions = { allowPrivate: boolean; timeoutMs: number };

export type PostRequest = {
  target: string;
  body: string;
  headers?: Record<string, string>;
  /** Reads a reply into an outcome; `classifyReply` unless a service says more in its body. */
  classify?: (reply: HttpReply, host: string) => SendOutcome;
};

/** POSTs JSON to a user-given URL (no redirects, no private addresses) and classifies the result. */
export async function postJson(
  request: PostRequest,
  options: HttpSendOptions,
): Promise<SendOutcome> {
  const url = parseTargetUrl(request.target);
  if (!url) return failedOutcome('the target is not a valid http(s) URL');
  const host = url.hostname;
  let reply: HttpReply;
  try {
    reply = await postToUserUrl(url, request.body, {
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...request.headers },
      allowPrivate: options.allowPrivate,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    return classifyError(error, host, options.timeoutMs);
  }
  return (request.classify ?? classifyReply)(reply, host);
}
