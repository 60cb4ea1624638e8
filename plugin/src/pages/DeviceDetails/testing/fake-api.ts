import { act } from '@testing-library/react';
import { vi } from 'vitest';

export type ApiRoute = (url: URL) => { status: number; body: unknown } | undefined;

/** The API as the page sees it: `fetch` answers from `routes`, the first match wins. */
export function fakeApi(routes: ApiRoute[]) {
  const calls: URL[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push(url);
    const answer = routes.map((route) => route(url)).find(Boolean) ?? {
      status: 404,
      body: { error: { code: 'not_found', message: 'Device not found.' } },
    };
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

export const on =
  (path: string, body: unknown): ApiRoute =>
  (url) =>
    url.pathname === path ? { status: 200, body } : undefined;

/** The one EventSource of the page, so a test can send live events. */
export class FakeEventSource {
  static current: FakeEventSource | undefined;
  private readonly target = new EventTarget();
  constructor(readonly url: string) {
    FakeEventSource.current = this;
  }
  addEventListener(type: string, listener: EventListener) {
    this.target.addEventListener(type, listener);
  }
  removeEventListener(type: string, listener: EventListener) {
    this.target.removeEventListener(type, listener);
  }
  close() {}
  emit(type: string, data: unknown) {
    act(() => {
      this.target.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
    });
  }
}

export function live(): FakeEventSource {
  if (!FakeEventSource.current) throw new Error('the page opened no live stream');
  return FakeEventSource.current;
}
