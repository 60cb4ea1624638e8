import React, { type ReactNode } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { vi } from 'vitest';
import { ApiProvider } from '../../api/ApiContext';
import { SessionProvider, useSession } from '../../api/SessionContext';

export const API_URL = 'http://api.test';

/**
 * What jsdom lacks and Grafana's Combobox uses: a canvas to measure its options' text (a rough
 * width per character is all the layout needs), an IntersectionObserver for its scroll hints,
 * and boxes with a size, without which its virtual list renders no options.
 */
export function stubComboboxNeeds(): void {
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(() =>
    DOMRect.fromRect({ x: 0, y: 0, width: 120, height: 120 }),
  );
  for (const property of ['clientWidth', 'clientHeight', 'offsetWidth', 'offsetHeight'] as const) {
    vi.spyOn(HTMLElement.prototype, property, 'get').mockReturnValue(120);
  }
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
      takeRecords() {
        return [];
      }
    },
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () =>
      ({
        font: '',
        measureText: (text: string) => ({ width: text.length * 7 }),
      }) as unknown as CanvasRenderingContext2D,
  );
}

type Reply = unknown | Response;
type Handler = (url: URL, body: unknown) => Reply | Promise<Reply>;

export interface Call {
  method: string;
  url: URL;
  body: unknown;
}

export const me = (settings: Partial<Settings> = {}) => ({
  id: 'account-1',
  email: 'ada@example.com',
  createdAt: '2026-01-01T00:00:00.000Z',
  settings: {
    electricityPrice: '0.15',
    currency: 'USD',
    solPrice: null,
    timezone: 'UTC',
    ...settings,
  },
});

interface Settings {
  electricityPrice: string;
  currency: string;
  solPrice: string | null;
  timezone: string;
}

export function apiError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/**
 * Replaces fetch with handlers keyed by `METHOD /path`; every call is recorded. An unknown route
 * answers 404, so a test sees a request it did not expect.
 */
export function fakeApi(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, url, body });
    const handler = handlers[`${method} ${url.pathname}`];
    if (!handler) return apiError(404, 'not_found', `No fake for ${method} ${url.pathname}`);
    const reply = await handler(url, body);
    return reply instanceof Response ? reply : Response.json(reply);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    /** The calls to one path, e.g. `/v1/earnings/history`. */
    callsTo: (path: string) => calls.filter((call) => call.url.pathname === path),
  };
}

/** Renders a page as the app does, once the fake `GET /v1/me` has signed the user in. */
export function renderSignedIn(ui: ReactNode) {
  return render(
    <MemoryRouter>
      <ApiProvider baseUrl={API_URL}>
        <SessionProvider>
          <SignedIn>{ui}</SignedIn>
        </SessionProvider>
      </ApiProvider>
    </MemoryRouter>,
  );
}

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? <>{children}</> : null;
}

/** An EventSource the test drives: `emit('earning', data)` delivers a live event. */
export function fakeEventSource() {
  const sources: FakeEventSource[] = [];
  class FakeEventSource {
    private readonly listeners = new Map<string, Set<(event: MessageEvent<string>) => void>>();
    constructor(readonly url: string) {
      sources.push(this);
    }
    addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
      const forType = this.listeners.get(type) ?? new Set();
      forType.add(listener);
      this.listeners.set(type, forType);
    }
    removeEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
      this.listeners.get(type)?.delete(listener);
    }
    close() {}
    dispatch(type: string, data: unknown) {
      const event = new MessageEvent(type, { data: JSON.stringify(data) });
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    }
  }
  vi.stubGlobal('EventSource', FakeEventSource);
  return {
    emit: (type: string, data: unknown) => sources.forEach((source) => source.dispatch(type, data)),
  };
}
