import React, { type ReactElement, type ReactNode } from 'react';
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { ApiProvider } from '../../../api/ApiContext';
import { SessionProvider, useSession } from '../../../api/SessionContext';

export const API_URL = 'http://api.test';

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

/** Answers one request; `params` holds the `:name` segments of its route. */
export type Handler = (call: Call, params: Record<string, string>) => Response;

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export const me = {
  id: 'acc-1',
  email: 'someone@example.com',
  createdAt: '2026-11-01T10:00:00.000Z',
  settings: { electricityPrice: '0.15', currency: 'USD', solPrice: null, timezone: 'UTC' },
};

/**
 * Replaces fetch with the given routes ("PATCH /v1/me/settings", "DELETE /v1/me/sessions/:id");
 * `GET /v1/me` answers the signed-in account unless a route says otherwise. Returns the calls.
 */
export function stubApi(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  const all: Record<string, Handler> = { 'GET /v1/me': () => json(200, me), ...routes };
  const table = Object.entries(all).map(([key, handler]) => {
    const [method, path = ''] = key.split(' ');
    const names: string[] = [];
    const pattern = path.replace(/:(\w+)/g, (_match, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { method, regex: new RegExp(`^${pattern}$`), names, handler };
  });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      const method = init?.method ?? 'GET';
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      const call = { method, path: url.pathname, body };
      calls.push(call);
      for (const route of table) {
        const match = route.method === method ? route.regex.exec(url.pathname) : null;
        if (!match) continue;
        const params = Object.fromEntries(route.names.map((name, i) => [name, match[i + 1] ?? '']));
        return route.handler(call, params);
      }
      return json(404, {
        error: { code: 'not_found', message: `No stub for ${method} ${url.pathname}` },
      });
    }),
  );
  return calls;
}

function WhenSignedIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? <>{children}</> : null;
}

/** Renders a page as the app does once signed in (after the stubbed `GET /v1/me`). */
export function renderSignedIn(ui: ReactElement) {
  return render(
    <ApiProvider baseUrl={API_URL}>
      <SessionProvider>
        <WhenSignedIn>{ui}</WhenSignedIn>
      </SessionProvider>
    </ApiProvider>,
  );
}
