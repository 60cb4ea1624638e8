import { describe, expect, it } from 'vitest';
import { isHeadroomLow } from '../../utils/temperature';
import { formatPcieLink, formatShare, reported, throttleColor } from './gpu-health';

describe('gpu health formatting', () => {
  it('reads null as "not reported", never as 0', () => {
    expect(reported(null, String)).toBe('not reported');
    expect(reported(0, String)).toBe('0');
    expect(formatShare(null)).toBe('not reported');
    expect(formatPcieLink(null, null)).toBeUndefined();
  });

  it('gives shares as percentages, keeping a sliver visible', () => {
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.0004)).toBe('< 0.1%');
    expect(formatShare(0.0012)).toBe('0.1%');
    expect(formatShare(0.2396)).toBe('24%');
    expect(formatShare(1)).toBe('100%');
  });

  it('writes a PCIe link as generation and width, a missing part as "?"', () => {
    expect(formatPcieLink(4, 16)).toBe('Gen 4 ×16');
    expect(formatPcieLink(null, 8)).toBe('Gen ? ×8');
  });

  it('colours heat and hardware brakes by share, the power cap never as a fault', () => {
    expect(throttleColor('powerCap', 0.9)).toBe('blue');
    expect(throttleColor('thermal', 0)).toBe('green');
    expect(throttleColor('thermal', 0.01)).toBe('orange');
    expect(throttleColor('hardware', 0.05)).toBe('red');
  });

  it('flags thermal headroom under 10 °C', () => {
    expect(isHeadroomLow(9.5)).toBe(true);
    expect(isHeadroomLow(10)).toBe(false);
    expect(isHeadroomLow(null)).toBe(false);
  });
});
