/**
 * `load`, run once per process on first use: concurrent callers share one run, and a failed run
 * is forgotten so that the next call tries again.
 *
 * @example
 * const script = loadOnce(() => readFile(path, 'utf8'));
 * await script();
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
