import type { EnergyTotals } from './energy.js';
import {
  divide,
  divideRounded,
  fixed,
  formatFiat,
  isZero,
  multiply,
  parseFixed,
  round,
  subtract,
  toNumber,
  type Fixed,
} from './fixed-decimal.js';
import type { RateCard, RateCardEntry } from './rate-card.js';
import type { Window } from './profitability.queries.js';

export const DAYS_PER_MONTH = 30n;
const MONEY_PLACES = 6;
const LAMPORTS_PER_SOL_PLACES = 9;

type Totals = {
  /** Fiat revenue over `days`; null when it cannot be known (no SOL price). */
  revenue: Fixed | null;
  revenueLamports: bigint | null;
  kwh: Fixed;
  electricityPrice: Fixed;
  days: bigint;
  currency: string;
};

/**
 * The figures both endpoints answer. Each per-day figure is rounded once; profit is the
 * difference of the rounded revenue and cost, so the strings add up as a reader checks them.
 */
function perDay(totals: Totals) {
  const days = fixed(totals.days);
  const revenuePerDay = totals.revenue && divide(totals.revenue, days, MONEY_PLACES);
  const costPerDay = divide(multiply(totals.kwh, totals.electricityPrice), days, MONEY_PLACES);
  const profitPerDay = revenuePerDay && subtract(revenuePerDay, costPerDay);
  const breakEven =
    totals.revenue && !isZero(totals.kwh) ? divide(totals.revenue, totals.kwh, MONEY_PLACES) : null;
  return {
    revenuePerDay: revenuePerDay ? formatFiat(revenuePerDay) : null,
    revenueLamportsPerDay:
      totals.revenueLamports === null
        ? null
        : divideRounded(totals.revenueLamports, totals.days).toString(),
    powerKwhPerDay: toNumber(divide(totals.kwh, days, MONEY_PLACES), MONEY_PLACES),
    powerCostPerDay: formatFiat(costPerDay),
    profitPerDay: profitPerDay ? formatFiat(profitPerDay) : null,
    profitPerMonth: profitPerDay ? formatFiat(multiply(profitPerDay, fixed(DAYS_PER_MONTH))) : null,
    breakEvenElectricityPrice: breakEven ? formatFiat(breakEven) : null,
    currency: totals.currency,
  };
}

export type MeasuredInput = {
  window: Window;
  days: number;
  intervalS: number;
  energy: EnergyTotals;
  /** From NVML's energy counter where GPUs report one (0 without): shown beside, never mixed in. */
  counterWh: number;
  busyMs: number;
  revenueLamports: bigint;
  settings: { electricityPrice: string; solPrice: string | null; currency: string };
};

/** Measured energy is a float integral; it is fixed to whole mWh here, once. */
function kwhOf(energy: EnergyTotals): Fixed {
  return fixed(BigInt(Math.round(energy.wattHours * 1000)), 6);
}

export function measuredProfitability(input: MeasuredInput) {
  const { energy, settings, revenueLamports } = input;
  const kwh = kwhOf(energy);
  const revenue =
    settings.solPrice === null
      ? null
      : multiply(fixed(revenueLamports, LAMPORTS_PER_SOL_PLACES), parseFixed(settings.solPrice));
  const notes: string[] = [];
  if (revenue === null) {
    notes.push(
      'No SOL price is set (PATCH /v1/me/settings solPrice), so revenue and profit in fiat are null.',
    );
  }
  if (energy.samples === 0) notes.push('No power samples in this window: energy and cost are 0.');
  return {
    ...perDay({
      revenue,
      revenueLamports,
      kwh,
      electricityPrice: parseFixed(settings.electricityPrice),
      days: BigInt(input.days),
      currency: settings.currency,
    }),
    basis: {
      from: input.window.from.toISOString(),
      to: input.window.to.toISOString(),
      days: input.days,
      intervalS: input.intervalS,
      hoursCovered: Math.round(energy.coveredMs / 3600) / 1000,
      kwh: toNumber(kwh, 6),
      counterKwh: input.counterWh > 0 ? Math.round(input.counterWh) / 1000 : null,
      busyHours: Math.round(input.busyMs / 3600) / 1000,
      samples: energy.samples,
      gpus: energy.gpus,
      electricityPrice: settings.electricityPrice,
      solPrice: settings.solPrice,
      revenueLamports: revenueLamports.toString(),
      notes,
    },
  };
}

export type EstimateInput = {
  gpuModel: string;
  gpuCount: number;
  powerW?: string | undefined;
  electricityPrice: string;
  hoursPerDay: string;
};

/** One day of `gpuCount` GPUs rented and drawing power for `hoursPerDay` hours. */
export function estimateProfitability(
  input: EstimateInput,
  entry: RateCardEntry,
  rateCard: RateCard,
) {
  const powerW = parseFixed(input.powerW ?? String(entry.powerW));
  const gpuHours = multiply(fixed(BigInt(input.gpuCount)), parseFixed(input.hoursPerDay));
  const kwh = multiply(multiply(gpuHours, powerW), fixed(1n, 3));
  const revenue = multiply(gpuHours, parseFixed(entry.usdPerGpuHour));
  return {
    ...perDay({
      revenue,
      revenueLamports: null,
      kwh,
      electricityPrice: parseFixed(input.electricityPrice),
      days: 1n,
      currency: rateCard.currency,
    }),
    basis: {
      gpuModel: input.gpuModel,
      rateCard: {
        model: entry.model,
        usdPerGpuHour: entry.usdPerGpuHour,
        powerW: entry.powerW,
        source: entry.source,
        updated: rateCard.updated,
      },
      gpuCount: input.gpuCount,
      powerW: toNumber(round(powerW, 6), 6),
      powerSource: input.powerW === undefined ? ('rate_card' as const) : ('request' as const),
      hoursPerDay: toNumber(parseFixed(input.hoursPerDay), 6),
      electricityPrice: input.electricityPrice,
      kwh: toNumber(kwh, 6),
      notes: [
        'Rate card figures are indicative, not a quote; revenue assumes the GPUs are rented for all of hoursPerDay.',
        'All money is in USD: electricityPrice is read as USD per kWh.',
      ],
    },
  };
}
