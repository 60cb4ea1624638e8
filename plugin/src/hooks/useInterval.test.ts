import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useInterval } from './useInterval';

describe('useInterval', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls the latest callback without restarting the timer', () => {
    const first = vi.fn();
    const second = vi.fn();
    const { rerender } = renderHook(({ callback }) => useInterval(callback, 1000), {
      initialProps: { callback: first },
    });
    vi.advanceTimersByTime(600);
    rerender({ callback: second });
    vi.advanceTimersByTime(400);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('pauses without an interval and stops on unmount', () => {
    const callback = vi.fn();
    const { rerender, unmount } = renderHook(({ ms }) => useInterval(callback, ms), {
      initialProps: { ms: undefined as number | undefined },
    });
    vi.advanceTimersByTime(5000);
    expect(callback).not.toHaveBeenCalled();
    rerender({ ms: 1000 });
    vi.advanceTimersByTime(2000);
    expect(callback).toHaveBeenCalledTimes(2);
    unmount();
    vi.advanceTimersByTime(5000);
    expect(callback).toHaveBeenCalledTimes(2);
  });
});
