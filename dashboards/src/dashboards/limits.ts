/**
 * Temperatures (°C) the panels colour by. Most data-centre and consumer cards begin thermal
 * slowdown between 83 and 90 °C, so 80 is "watch it" and 85 is "too hot".
 */
export const WARM_C = 80;
export const HOT_C = 85;

/** Board power as a fraction of the limit from which a card is power-capped. */
export const AT_POWER_LIMIT = 0.98;

/**
 * Thermal headroom (°C before the card slows itself down, `temperature_limit_margin_c`): under 5
 * it is about to throttle, under 10 it has little to spare on a hot day.
 */
export const HEADROOM_LOW_C = 5;
export const HEADROOM_WATCH_C = 10;
