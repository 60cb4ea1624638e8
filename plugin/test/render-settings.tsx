/** The Settings page with every section's requests answered, empty, unless the test says. */
import React from 'react';
import userEvent from '@testing-library/user-event';
import SettingsPage from '../src/pages/Settings/SettingsPage';
import { fakeApi, renderSignedIn, type ApiCall, type ApiRoutes } from './fake-api';

/**
 * Renders the Settings page against `fakeApi`: an account without two-factor, passkeys, tokens
 * or history, changed by `routes`.
 */
export function renderSettings(routes: ApiRoutes) {
  const api = fakeApi({
    'GET /v1/wallet': () => ({ address: null, holdUntil: null }),
    'GET /v1/me/sessions': () => ({ sessions: [], nextCursor: null }),
    'GET /v1/notification-channels': () => ({ channels: [] }),
    'GET /v1/notification-rules': () => ({ rules: [], quietHours: null }),
    'GET /v1/notifications': () => ({ notifications: [], nextCursor: null }),
    'GET /v1/me/2fa': () => ({ totp: false, recoveryCodesLeft: 0 }),
    'GET /v1/me/passkeys': () => ({ passkeys: [] }),
    'GET /v1/me/tokens': () => ({ tokens: [] }),
    'GET /v1/fleet-tokens': () => ({ fleetTokens: [] }),
    'GET /v1/me/security-events': () => ({ events: [], nextCursor: null }),
    ...routes,
  });
  renderSignedIn(<SettingsPage />);
  return { ...api, user: userEvent.setup() };
}

/** The body of the first `METHOD /path` call, e.g. `bodyOf(calls, 'POST /v1/me/tokens')`. */
export const bodyOf = (calls: ApiCall[], key: string) =>
  calls.find((call) => `${call.method} ${call.path}` === key)?.body;

/** The calls other than GETs, as `METHOD /path`, in the order the page made them. */
export const changes = (calls: ApiCall[]) =>
  calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`);
