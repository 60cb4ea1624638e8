/** A card's datasheet values, which the simulation keeps within. */
export type GpuSpec = {
  model: string;
  memoryTotalMiB: number;
  powerLimitW: number;
  idlePowerW: number;
  maxSmClockMhz: number;
  idleSmClockMhz: number;
  memClockMhz: number;
  idleMemClockMhz: number;
};

export const RTX_4090: GpuSpec = {
  model: 'NVIDIA GeForce RTX 4090',
  memoryTotalMiB: 24564,
  powerLimitW: 450,
  idlePowerW: 22,
  maxSmClockMhz: 2520,
  idleSmClockMhz: 210,
  memClockMhz: 10501,
  idleMemClockMhz: 405,
};

/** Thermal slowdown starts here and ends below the release point (hysteresis). */
export const THROTTLE_AT_C = 84;
export const THROTTLE_RELEASE_C = 80;
/** While throttled, clocks drop by this factor and board power is held this far down. */
export const THROTTLED_CLOCK_FACTOR = 0.8;
export const THROTTLED_POWER_FRACTION = 0.75;

/** How a card sheds heat in its case: steady temperature = ambient + kelvinPerWatt × power. */
export type Cooling = { ambientC: number; kelvinPerWatt: number; tauS: number };

export type ThermalState = { temperatureC: number; throttled: boolean };

/** The exact solution of the first-order lag dT/dt = (target − T)/τ over `dtS` seconds. */
export function approach(current: number, target: number, dtS: number, tauS: number): number {
  return target + (current - target) * Math.exp(-Math.max(0, dtS) / tauS);
}

/** Board power for a utilisation; `intensity` is how hard the workload drives the card. */
export function powerFor(
  spec: GpuSpec,
  utilizationPct: number,
  intensity: number,
  throttled: boolean,
): number {
  const dynamic = (utilizationPct / 100) * intensity * (spec.powerLimitW - spec.idlePowerW);
  const cap = throttled ? spec.powerLimitW * THROTTLED_POWER_FRACTION : spec.powerLimitW;
  return Math.min(cap, Math.max(0, spec.idlePowerW + dynamic));
}

/** Advances the temperature toward the steady value of `powerW` and updates throttling. */
export function stepThermal(
  state: ThermalState,
  powerW: number,
  dtS: number,
  cooling: Cooling,
): ThermalState {
  const target = cooling.ambientC + cooling.kelvinPerWatt * powerW;
  const temperatureC = approach(state.temperatureC, target, dtS, cooling.tauS);
  const throttled = state.throttled
    ? temperatureC > THROTTLE_RELEASE_C
    : temperatureC >= THROTTLE_AT_C;
  return { temperatureC, throttled };
}

/** A typical fan curve: 30 % floor, rising from 45 °C to 100 % at 85 °C. */
export function fanFor(temperatureC: number): number {
  return Math.min(100, Math.max(30, 30 + (temperatureC - 45) * 1.75));
}
