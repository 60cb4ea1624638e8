import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** The app's pages, relative to PLUGIN_BASE_URL (CONTRACT §5). */
export enum ROUTES {
  Home = '',
  Device = 'devices',
  Earnings = 'earnings',
  AddDevice = 'add-device',
  Profitability = 'profitability',
  Settings = 'settings',
}

/** The API's rule for a password, checked before a round trip. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** The absolute path of a page of the app, e.g. `prefixRoute(ROUTES.Device, id)`. */
export function prefixRoute(route: ROUTES, ...segments: string[]): string {
  const path = [route, ...segments.map(encodeURIComponent)].filter(Boolean).join('/');
  return path ? `${PLUGIN_BASE_URL}/${path}` : PLUGIN_BASE_URL;
}
