/** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}

export type Alarm = {
  /** Resolves after `ms`, or early when `ring()` is called (or was, since the last wait). */
  wait(ms: number): Promise<void>;
  /** Ends the wait in progress, or else the next one at once. */
  ring(): void;
  /** Forgets a ring that no wait has seen yet. */
  clear(): void;
};

/**
 * One reusable wait for a loop that runs every second: a timer and a callback, where a
 * `sleep` on an AbortSignal costs listeners per wait and a DOMException (with its stack
 * trace) per abort.
 *
 * @example
 * const alarm = createAlarm();
 * setTimeout(() => alarm.ring(), 10);
 * await alarm.wait(60_000); // resolves after 10 ms
 */
export function createAlarm(): Alarm {
  let pending = false;
  let end: (() => void) | undefined;
  return {
    wait(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => end?.(), Math.max(0, ms));
        end = () => {
          clearTimeout(timer);
          end = undefined;
          resolve();
        };
      });
    },
    ring() {
      if (end) end();
      else pending = true;
    },
    clear() {
      pending = false;
    },
  };
}
