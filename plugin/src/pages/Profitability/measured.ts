import { formatPower } from '../../utils/format';
import type { MeasuredBasis } from './types';

/** Below this share of the window with power data, figures are flagged as resting on little. */
const PARTIAL_COVERAGE = 0.5;

export type DataState = 'none' | 'partial' | 'full';

/** Whether a device's window holds enough to judge its profit. */
export function dataState(basis: MeasuredBasis): DataState {
  if (basis.samples === 0 && BigInt(basis.revenueLamports) === BigInt(0)) return 'none';
  if (basis.hoursCovered < basis.days * 24 * PARTIAL_COVERAGE) return 'partial';
  return 'full';
}

/** Mean draw while measured: the energy over the hours that had power data. */
export function averagePowerW(basis: MeasuredBasis): number | null {
  return basis.hoursCovered > 0 ? (basis.kwh * 1000) / basis.hoursCovered : null;
}

/** How a figure was made, in one line: `7-day window · 12.5 h measured · avg 752 W · 2 GPUs`. */
export function basisLine(basis: MeasuredBasis): string {
  const parts = [
    `${basis.days}-day window`,
    `${formatHours(basis.hoursCovered)} of ${basis.days * 24} h measured`,
  ];
  const power = averagePowerW(basis);
  if (power !== null) parts.push(`avg ${formatPower(power)}`);
  parts.push(`${basis.gpus} ${basis.gpus === 1 ? 'GPU' : 'GPUs'}`);
  return parts.join(' · ');
}

export type Tone = 'gain' | 'loss' | 'even';

/** The sign of a fiat decimal string, for colour. */
export function toneOf(amount: string | null): Tone | undefined {
  if (amount === null) return undefined;
  const value = Number(amount);
  if (value > 0) return 'gain';
  if (value < 0) return 'loss';
  return 'even';
}

function formatHours(hours: number): string {
  return `${hours.toLocaleString('en-US', { maximumFractionDigits: hours < 10 ? 2 : 1 })} h`;
}
