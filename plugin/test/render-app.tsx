/** The whole app as Grafana mounts it, at an address: for pages reached with or without a session. */
import React from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import type { AppPluginMeta, AppRootProps } from '@grafana/data';
import App from '../src/components/App/App';
import type { AppSettings } from '../src/types';
import { API_URL, apiError } from './fake-api';

/** `GET /v1/me` without a session, for `fakeApi`'s routes. */
export const signedOut = () => apiError(401, 'unauthorized', 'Sign in first.');

/**
 * Renders the app's root at `url` (relative to the app, e.g. `/verify-email?token=t1`), with
 * the fake API of the test's `fakeApi(…)`.
 */
export function renderApp(url: string) {
  const meta = { jsonData: { apiUrl: API_URL } } as AppPluginMeta<AppSettings>;
  const props = { meta } as AppRootProps<AppSettings>;
  return render(
    <MemoryRouter
      initialEntries={[url]}
      future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
    >
      <App {...props} />
    </MemoryRouter>,
  );
}
