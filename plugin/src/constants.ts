import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** The app's pages, relative to PLUGIN_BASE_URL (docs/grafana.md). */
export enum ROUTES {
  Home = '',
  Device = 'devices',
  Earnings = 'earnings',
  AddDevice = 'add-device',
  Profitability = 'profitability',
  Settings = 'settings',
  // Reachable without a session; the API's account mail links to the last four (APP_URL).
  ForgotPassword = 'forgot-password',
  ResetPassword = 'reset-password',
  VerifyEmail = 'verify-email',
  ConfirmEmail = 'confirm-email',
  EndSession = 'end-session',
}

/** The absolute path of a page of the app, e.g. `prefixRoute(ROUTES.Device, id)`. */
export function prefixRoute(route: ROUTES, ...segments: string[]): string {
  const path = [route, ...segments.map(encodeURIComponent)].filter(Boolean).join('/');
  return path ? `${PLUGIN_BASE_URL}/${path}` : PLUGIN_BASE_URL;
}
