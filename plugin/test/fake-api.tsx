/** The API as the pages under test see it: `fetch` and `EventSource` doubles, and a renderer. */
import React, { type ReactElement, type ReactNode } from 'react';
import { act, render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { vi } from 'vitest';
import { ApiProvider } from '../src/api/ApiContext';
import { SessionProvider, useSession } from '../src/api/SessionContext';
import { account } from './fixtures';

export const API_URL = 'http://api.test';

/** One request the page made. */
export interface ApiCall {
  method: string;
  url: URL;
  /** `url.pathname`, e.g. `/v1/me/sessions/ses-1`. */
  path: string;
  /** The JSON body, parsed; undefined without one. */
  body: unknown;
}

/** A call as its route sees it, with the `:name` segments of the route's pattern. */
export interface RouteRequest extends ApiCall {
  params: Record<string, string>;
}

/** Answers a call: a Response as it is, anything else as a 200 JSON body. */
export type RouteHandler = (request: RouteRequest) => unknown;

/** Handlers by `METHOD /path`, where a segment may be a `:name` pattern. */
export type ApiRoutes = Record<string, RouteHandler>;

/** A reply with another status than 200, e.g. `respond(201, created)` or `respond(204)`. */
export function respond(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** The API's error body, `{"error": {code, message}}`. */
export function apiError(status: number, code: string, message: string): Response {
  return respond(status, { error: { code, message } });
}

/**
 * Replaces `fetch` with `routes`; `GET /v1/me` answers `account()` unless a route says
 * otherwise. An unknown route answers 404, so a test sees a request it did not expect. Every
 * call is recorded.
 *
 * @example
 * const api = fakeApi({ 'DELETE /v1/me/sessions/:id': () => respond(204) });
 * expect(api.callsTo('/v1/me/sessions/ses-1')).toHaveLength(1);
 */
export function fakeApi(routes: ApiRoutes) {
  const calls: ApiCall[] = [];
  const withAccount: ApiRoutes = { 'GET /v1/me': () => account(), ...routes };
  const table = Object.entries(withAccount).map(([key, handler]) => {
    const [method = '', pattern = ''] = key.split(' ');
    const names: string[] = [];
    const source = pattern.replace(/:(\w+)/g, (_match, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { method, regex: new RegExp(`^${source}$`), names, handler };
  });

  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (
      (input instanceof Request ? input.method : init?.method) ?? 'GET'
    ).toUpperCase();
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const call: ApiCall = { method, url, path: url.pathname, body };
    calls.push(call);
    for (const route of table) {
      const match = route.method === method ? route.regex.exec(url.pathname) : null;
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, i) => [name, match[i + 1] ?? '']));
      const reply = await route.handler({ ...call, params });
      return reply instanceof Response ? reply : Response.json(reply);
    }
    return apiError(404, 'not_found', `No fake for ${method} ${url.pathname}`);
  });

  return {
    calls,
    /** The calls to one path, e.g. `/v1/earnings/history`. */
    callsTo: (path: string) => calls.filter((call) => call.path === path),
  };
}

/**
 * Replaces `EventSource` with one the test drives: `live.emit('job', data)` delivers a live
 * event to the page's stream.
 */
export function fakeLiveEvents() {
  const sources: FakeEventSource[] = [];
  class FakeEventSource extends EventTarget {
    closed = false;
    constructor(readonly url: string) {
      super();
      sources.push(this);
    }
    close() {
      this.closed = true;
    }
  }
  vi.stubGlobal('EventSource', FakeEventSource);
  return {
    emit(type: string, data: unknown): void {
      const open = sources.filter((source) => !source.closed);
      if (open.length === 0) throw new Error('the page opened no live stream');
      act(() => {
        for (const source of open) {
          source.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
        }
      });
    },
  };
}

interface RenderOptions {
  /** The address the router starts at, e.g. `/devices/d1?tab=jobs`. */
  url?: string;
  /** A route pattern for `ui` when it reads its parameters, e.g. `devices/:id`. */
  routePath?: string;
}

/** Renders a page as the app does, once the fake `GET /v1/me` has signed the user in. */
export function renderSignedIn(ui: ReactElement, { url = '/', routePath }: RenderOptions = {}) {
  return render(
    <MemoryRouter
      initialEntries={[url]}
      future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
    >
      <ApiProviders>
        <WhenSignedIn>
          {routePath ? (
            <Routes>
              <Route path={routePath} element={ui} />
            </Routes>
          ) : (
            ui
          )}
        </WhenSignedIn>
      </ApiProviders>
    </MemoryRouter>,
  );
}

/** The API client and the session, as the app provides them (for `renderHook`'s wrapper). */
export function ApiProviders({ children }: { children: ReactNode }) {
  return (
    <ApiProvider baseUrl={API_URL}>
      <SessionProvider>{children}</SessionProvider>
    </ApiProvider>
  );
}

function WhenSignedIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? <>{children}</> : null;
}
