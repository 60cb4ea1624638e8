/**
 * Runs `task` again and again with `pauseMs` between the end of one run and the start of the
 * next, so runs never overlap however long one takes. A failed run is passed to `onError` and
 * the next one comes as usual. The returned function stops it, waiting for a run in progress.
 */
export function repeatWithPause(
  task: () => Promise<unknown>,
  pauseMs: number,
  onError: (error: Error) => void,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = task()
        .catch((error: Error) => onError(error))
        .finally(schedule);
    }, pauseMs);
    timer.unref();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
