import { formatPercent } from '../../utils/format';
import type { GpuHealth } from './types';

/** What a value the driver does not report reads as: never 0, which would be a reading. */
export const NOT_REPORTED = 'not reported';

/** `format(value)`, or "not reported" for null. */
export function reported<T>(value: T | null, format: (value: T) => string): string {
  return value === null ? NOT_REPORTED : format(value);
}

/** A share of the window (0–1) as a percentage; a sliver stays visible instead of "0%". */
export function formatShare(share: number | null): string {
  if (share === null) return NOT_REPORTED;
  if (share > 0 && share < 0.001) return '< 0.1%';
  return formatPercent(share * 100, 1);
}

/** `Gen 4 ×16`; undefined when the driver reports neither part. */
export function formatPcieLink(gen: number | null, width: number | null): string | undefined {
  if (gen === null && width === null) return undefined;
  return `Gen ${gen ?? '?'} ×${width ?? '?'}`;
}

export type ThrottleReason = keyof GpuHealth['throttled'];

export const THROTTLE_REASONS: ReadonlyArray<{ reason: ThrottleReason; label: string }> = [
  { reason: 'powerCap', label: 'Power cap' },
  { reason: 'thermal', label: 'Thermal' },
  { reason: 'hardware', label: 'Hardware slowdown' },
];

/** Thermal or hardware slowdown for this share of the day or more is a problem to look into. */
const SERIOUS_SHARE = 0.05;

/**
 * The colour (a Grafana palette name) of a throttle bar. A GPU under full load sits at its power
 * cap by design, so that share is information; heat or a hardware brake is not.
 */
export function throttleColor(reason: ThrottleReason, share: number): string {
  if (reason === 'powerCap') return 'blue';
  if (share >= SERIOUS_SHARE) return 'red';
  return share > 0 ? 'orange' : 'green';
}
