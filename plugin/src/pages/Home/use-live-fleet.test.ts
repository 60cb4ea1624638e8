import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useThrottledCallback } from './use-live-fleet';

describe('useThrottledCallback (the overview refresh)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const callback = vi.fn();
    const { result, unmount } = renderHook(() => useThrottledCallback(callback, 10_000));
    return { callback, throttled: () => act(() => result.current()), unmount };
  }

  it('waits until 10 s after the page loaded what it would reload', () => {
    const { callback, throttled } = setup();
    throttled();
    expect(callback).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(9_999));
    expect(callback).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('turns a burst of events into one call, and calls at once after a quiet spell', () => {
    const { callback, throttled } = setup();
    act(() => vi.advanceTimersByTime(10_000));
    throttled();
    expect(callback).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) throttled();
    act(() => vi.advanceTimersByTime(10_000));
    // The burst's last event is not lost: one trailing call.
    expect(callback).toHaveBeenCalledTimes(2);
    act(() => vi.advanceTimersByTime(30_000));
    expect(callback).toHaveBeenCalledTimes(2);
    throttled();
    expect(callback).toHaveBeenCalledTimes(3);
  });

  it('never calls after the page has gone', () => {
    const { callback, throttled, unmount } = setup();
    throttled();
    unmount();
    act(() => vi.advanceTimersByTime(60_000));
    expect(callback).not.toHaveBeenCalled();
  });
});
