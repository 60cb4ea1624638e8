import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNow } from './useNow';

describe('useNow', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-11-25T12:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('ticks every interval, with one timer for every component that asks for it', () => {
    const start = Date.now();
    const first = renderHook(() => useNow(1000));
    const second = renderHook(() => useNow(1000));
    expect(vi.getTimerCount()).toBe(1);
    act(() => vi.advanceTimersByTime(1000));
    expect(first.result.current).toBe(start + 1000);
    expect(second.result.current).toBe(start + 1000);
  });

  it('keeps a slower clock for a slower interval', () => {
    const start = Date.now();
    const slow = renderHook(() => useNow());
    const fast = renderHook(() => useNow(1000));
    act(() => vi.advanceTimersByTime(3000));
    expect(fast.result.current).toBe(start + 3000);
    expect(slow.result.current).toBe(start);
    act(() => vi.advanceTimersByTime(2000));
    expect(slow.result.current).toBe(start + 5000);
  });

  it('stops its timer when the last component leaves, and starts from now on return', () => {
    const first = renderHook(() => useNow(1000));
    first.unmount();
    expect(vi.getTimerCount()).toBe(0);
    vi.setSystemTime(Date.now() + 60_000);
    const later = renderHook(() => useNow(1000));
    expect(later.result.current).toBe(Date.now());
  });
});
