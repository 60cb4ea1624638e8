import { hc, type ClientResponse, type InferResponseType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { AppType } from '@ioworker/api';
import { ApiRequestError, readError } from './errors';

/**
 * The typed client of the IO Worker API: request and response types come from the API's own
 * route definitions, never re-typed here. Every request carries the session cookie.
 */
export function createApiClient(baseUrl: string) {
  return hc<AppType>(baseUrl.replace(/\/+$/, ''), {
    init: { credentials: 'include' },
    fetch: fetchOrExplain,
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** A fetch that turns a network failure into an error the user can act on. */
async function fetchOrExplain(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (cause) {
    throw ApiRequestError.unreachable(cause);
  }
}

/** The body of a response's success statuses (204 has none). */
type SuccessBody<R> =
  R extends ClientResponse<infer Body, infer Status>
    ? Status extends SuccessStatusCode
      ? Status extends 204
        ? undefined
        : Body
      : never
    : never;

/** Awaits a client call and returns its success body, or throws the API's error as one type. */
export async function unwrap<R extends ClientResponse<unknown, number>>(
  request: Promise<R>,
): Promise<SuccessBody<R>> {
  const response = await request;
  if (!response.ok) throw await readError(response as unknown as Response);
  // 204, and a 202 that only says the mail is on its way, have no body.
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as SuccessBody<R>;
}

type Client = ApiClient;
export type Me = InferResponseType<Client['v1']['me']['$get'], 200>;
export type TwoFactor = InferResponseType<Client['v1']['me']['2fa']['$get'], 200>;
export type Overview = InferResponseType<Client['v1']['overview']['$get'], 200>;
export type Device = InferResponseType<Client['v1']['devices']['$get'], 200>['devices'][number];
export type DeviceDetail = InferResponseType<Client['v1']['devices'][':id']['$get'], 200>;
export type Notification = InferResponseType<
  Client['v1']['notifications']['$get'],
  200
>['notifications'][number];
export type Passkey = InferResponseType<
  Client['v1']['me']['passkeys']['$get'],
  200
>['passkeys'][number];
export type PersonalToken = InferResponseType<
  Client['v1']['me']['tokens']['$get'],
  200
>['tokens'][number];
export type SecurityEvent = InferResponseType<
  Client['v1']['me']['security-events']['$get'],
  200
>['events'][number];
