import { explainXid, type XidInfo } from '@ioworker/contract/gpu';
import type { Counter, GpuHealthRows, LatestColumn, Window } from './gpu-health.queries.js';

export type PcieLink = {
  gen: number | null;
  genMax: number | null;
  width: number | null;
  widthMax: number | null;
  /** True when the link runs narrower, or (while the GPU works) slower, than it can. */
  belowMax: boolean | null;
};

/** Shares of the window, 0–1, that a slowdown held the clocks back; null where not reported. */
export type ThrottledShares = {
  powerCap: number | null;
  thermal: number | null;
  hardware: number | null;
};

export type GpuHealth = {
  index: number;
  uuid: string | null;
  model: string | null;
  sampledAt: string;
  temperatureC: number | null;
  thermalHeadroomC: number | null;
  memoryTemperatureC: number | null;
  pstate: number | null;
  pcie: PcieLink;
  throttled: ThrottledShares;
  remappedRowsUncorrectable: number | null;
  xid: { sinceBoot: number | null; latest: XidInfo[] };
};

type Latest = GpuHealthRows['latest'];

function numberOf(latest: Latest, column: LatestColumn): number | null {
  const value = latest[column];
  return typeof value === 'number' ? value : null;
}

function textOf(latest: Latest, column: LatestColumn): string | null {
  const value = latest[column];
  return typeof value === 'string' && value !== '' ? value : null;
}

const below = (now: number | null, max: number | null) =>
  now === null || max === null ? null : now < max;

/**
 * The driver lowers an idle GPU's link generation to save power ("may be reduced when the GPU is
 * not in use", nvidia-smi --help-query-gpu), so a slower link counts only while the GPU works
 * (utilisation above 0, or P0). A narrower link is a seating or riser problem whenever it shows.
 */
export function pcieLink(latest: Latest): PcieLink {
  const gen = numberOf(latest, 'pcie_link_gen');
  const genMax = numberOf(latest, 'pcie_link_gen_max');
  const width = numberOf(latest, 'pcie_link_width');
  const widthMax = numberOf(latest, 'pcie_link_width_max');
  const working =
    (numberOf(latest, 'utilization_pct') ?? 0) > 0 || numberOf(latest, 'pstate') === 0;
  const narrower = below(width, widthMax);
  const slower = below(gen, genMax);
  const belowMax =
    narrower === null && slower === null ? null : narrower === true || (slower === true && working);
  return { gen, genMax, width, widthMax, belowMax };
}

/** A counter's growth (µs) as a share of the window, to 4 decimal places. */
function shareOf(growth: GpuHealthRows['growth'], counter: Counter, windowMs: number) {
  const heldUs = growth[counter];
  if (heldUs === undefined) return null;
  const share = Math.min(1, Math.max(0, heldUs / (windowMs * 1000)));
  return Math.round(share * 10_000) / 10_000;
}

/** The newest Xid first, then the others the window saw, each explained. */
function latestXids(latest: Latest, seen: number[]): XidInfo[] {
  const newest = numberOf(latest, 'xid_last');
  const codes = new Set(newest === null ? seen : [newest, ...seen]);
  // Xid codes start at 1: a 0 from some other writer means "none", not an error to explain.
  return [...codes].filter((code) => code > 0).map(explainXid);
}

/** One GPU's health over `window`, from what `queryGpuHealth` read. */
export function gpuHealth(rows: GpuHealthRows, window: Window): GpuHealth {
  const { latest, growth } = rows;
  const windowMs = window.to.getTime() - window.from.getTime();
  return {
    index: rows.gpu,
    uuid: textOf(latest, 'uuid'),
    model: textOf(latest, 'model'),
    sampledAt: new Date(rows.sampledAt).toISOString(),
    temperatureC: numberOf(latest, 'temperature_c'),
    thermalHeadroomC: numberOf(latest, 'temperature_limit_margin_c'),
    memoryTemperatureC: numberOf(latest, 'memory_temperature_c'),
    pstate: numberOf(latest, 'pstate'),
    pcie: pcieLink(latest),
    throttled: {
      powerCap: shareOf(growth, 'throttle_power_us', windowMs),
      thermal: shareOf(growth, 'throttle_thermal_us', windowMs),
      hardware: shareOf(growth, 'throttle_hw_us', windowMs),
    },
    remappedRowsUncorrectable: numberOf(latest, 'remapped_rows_uncorrectable'),
    xid: {
      sinceBoot: numberOf(latest, 'xid_errors'),
      latest: latestXids(latest, rows.xids),
    },
  };
}
