/** Temperatures above which a GPU deserves a glance, and attention (typical throttle points). */
export const WARM_CELSIUS = 80;
export const HOT_CELSIUS = 90;

/** How a GPU temperature is coloured everywhere in the app. */
export function temperatureLevel(celsius: number | null | undefined): 'ok' | 'warm' | 'hot' {
  if (celsius === null || celsius === undefined) return 'ok';
  if (celsius >= HOT_CELSIUS) return 'hot';
  return celsius >= WARM_CELSIUS ? 'warm' : 'ok';
}

/** Degrees of thermal headroom (T.Limit) below which a GPU is about to slow itself down. */
export const LOW_HEADROOM_CELSIUS = 10;

export function isHeadroomLow(celsius: number | null | undefined): boolean {
  return celsius !== null && celsius !== undefined && celsius < LOW_HEADROOM_CELSIUS;
}
