import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeTelegram,
  type FakeTelegram,
} from '../features/channels/senders/test/fake-telegram.js';
import { createDevice, enroll, PASSWORD, registerUser, type TestUser } from './http.js';
import {
  CREDENTIALS,
  ID,
  routeTable,
  type Access,
  type Body,
  type Credential,
  type Outcome,
  USER_READ,
  USER_WRITE,
} from './route-access-table.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from './test-api.js';

/**
 * Every route of the API × every kind of credential: who gets in. The routes come from the
 * app's own OpenAPI document, so a route added without a row in route-access-table.ts fails the first test.
 * 'ok' means the credential got past authentication (any answer but a refusal: 2xx, 400, 404,
 * 409, 503…); 401 and 403 are authentication's refusals.
 */
const TELEGRAM_BOT_TOKEN = '123456:matrix-bot-token-abcdefghijklmnop';
let telegram: FakeTelegram;
let api: TestApi;
let user: TestUser;
const ROUTES = routeTable({ userEmail: () => user.email, enrollmentToken });
const headersOf = {} as Record<Credential, () => Promise<Record<string, string>>>;

let lastOctet = 0;
/** Each request from its own address: no per-IP limit (registration, sign-in) gets in the way. */
function nextIp(): string {
  lastOctet += 1;
  return `10.77.${Math.floor(lastOctet / 250) % 250}.${lastOctet % 250}`;
}

/** A fresh session each time: some routes end the one they are called with. */
async function signIn(): Promise<string> {
  const reply = await fetch(`${api.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.76.0.1' },
    body: JSON.stringify({ email: user.email, password: PASSWORD }),
  });
  return ((await reply.json()) as { token: string }).token;
}

async function enrollmentToken(): Promise<string> {
  const created = await createDevice(api.url, { ...user, token: await signIn() }, 'enrollee');
  return created.enrollment.token;
}

async function newToken(scope: 'read' | 'write'): Promise<string> {
  const reply = await fetch(`${api.url}/v1/me/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await signIn()}` },
    body: JSON.stringify({ name: `matrix-${scope}`, scope, password: PASSWORD }),
  });
  return ((await reply.json()) as { token: string }).token;
}

beforeAll(async () => {
  telegram = await startFakeTelegram(TELEGRAM_BOT_TOKEN);
  // https and a bot token turn the Telegram webhook on, so its route answers for its secret.
  api = await startTestApi({
    TELEGRAM_BOT_TOKEN,
    TELEGRAM_API_URL: telegram.url,
    PUBLIC_URL: 'https://ioworker.example.com',
  });
  user = await registerUser(api.url);
  const [read, write] = [await newToken('read'), await newToken('write')];
  const device = (await enroll(api.url, await enrollmentToken())).body.credential as string;
  const bearer = (token: string) => async () => ({ authorization: `Bearer ${token}` });
  Object.assign(headersOf, {
    none: async () => ({}),
    session: async () => ({ authorization: `Bearer ${await signIn()}` }),
    'read token': bearer(read),
    'write token': bearer(write),
    device: async () => ({ authorization: `Token ${device}` }),
    service: bearer(ROLE_TOKENS.SERVICE_TOKEN),
    alerts: bearer(ROLE_TOKENS.ALERTS_TOKEN),
    admin: bearer(ROLE_TOKENS.ADMIN_TOKEN),
  });
});
afterAll(async () => {
  await api.close();
  await telegram.close();
});

/** Malformed on purpose: a path id the API never issues, a bad query, a body of the wrong shape. */
const MALFORMED = { id: 'not-an-id', query: '?limit=oops&days=0&from=yesterday', body: [] };

async function outcomeOf(
  route: string,
  credential: Credential,
  request: { id: string; query?: string; body: Body },
): Promise<Outcome> {
  const [method, template] = route.split(' ') as [string, string];
  const given = typeof request.body === 'function' ? await request.body() : request.body;
  const resolved = method === 'GET' ? undefined : given;
  const text = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  const url = `${api.url}${template.replace(ID, request.id)}${request.query ?? ''}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...(await headersOf[credential]()),
      'x-forwarded-for': nextIp(),
      ...(resolved !== undefined && {
        'content-type': typeof resolved === 'string' ? 'text/plain' : 'application/json',
      }),
    },
    body: resolved === undefined ? undefined : text,
  });
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return response.status === 200 ? 'ok' : (response.status as Outcome);
  }
  const answer = await response.text();
  if (response.status === 401) return 401;
  // Only authentication's own 403s: a wrong password confirmation is the handler's answer.
  if (response.status === 403 && /"(session_required|insufficient_scope)"/.test(answer)) {
    return 403;
  }
  return 'ok';
}

describe('every route × every credential', () => {
  it('the table names exactly the routes of the OpenAPI document', async () => {
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const hint = 'add each new route to routeTable in route-access-table.ts';
    expect(ROUTES.map(([route]) => route).sort(), hint).toEqual(documented.sort());
  });

  it('the document says which routes take a personal token', async () => {
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    };
    for (const [route, expected] of ROUTES) {
      const [method, path] = route.split(' ') as [string, string];
      const schemes = (document.paths[path]?.[method.toLowerCase()]?.security ?? []).flatMap(
        (requirement) => Object.keys(requirement),
      );
      const takesTokens = expected === USER_READ || expected === USER_WRITE;
      expect(schemes.includes('personalToken'), route).toBe(takesTokens);
    }
  });

  it.each(ROUTES)('%s', async (route, expected, body) => {
    const actual = {} as Access;
    for (const credential of CREDENTIALS) {
      actual[credential] = await outcomeOf(route, credential, { id: randomUUID(), body });
    }
    expect(actual).toEqual(expected);
    // Authentication comes before validation: a malformed request is refused the same way.
    const refused = CREDENTIALS.filter((credential) => expected[credential] !== 'ok');
    const malformed = {} as Partial<Access>;
    for (const credential of refused) {
      malformed[credential] = await outcomeOf(route, credential, MALFORMED);
    }
    expect(malformed).toEqual(Object.fromEntries(refused.map((name) => [name, expected[name]])));
  });
});
