import { useCallback, useEffect, useState, type DependencyList } from 'react';
import type { AccountEventType, LiveEventData } from '@ioworker/api';
import { useLatest } from '../hooks/useLatest';
import { useApi } from './ApiContext';
import type { ApiClient } from './client';
import { toApiError, type ApiRequestError } from './errors';
import { useSession } from './SessionContext';

export interface RequestState<T> {
  data: T | undefined;
  error: ApiRequestError | undefined;
  loading: boolean;
  /** Loads again, keeping the current data on screen until the answer arrives. */
  reload: () => void;
  /** Replaces the data locally, e.g. after a live event or a successful edit. */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/**
 * Loads data from the API when `deps` change. A 401 signs the user out (the app then shows the
 * sign-in screen); other errors are returned for the page to show.
 */
export function useRequest<T>(
  load: (client: ApiClient, signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): RequestState<T> {
  const { client } = useApi();
  const { handleError } = useSession();
  const [state, setState] = useState<{ data?: T; error?: ApiRequestError; loading: boolean }>({
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useLatest(load);

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({ ...current, loading: true }));
    loadRef.current(client, controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = toApiError(error);
        handleError(apiError);
        setState((current) => ({ data: current.data, error: apiError, loading: false }));
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps decide
  }, [client, handleError, generation, ...deps]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const setData = useCallback(
    (update: (current: T | undefined) => T | undefined) =>
      setState((current) => ({ ...current, data: update(current.data) })),
    [],
  );
  return { data: state.data, error: state.error, loading: state.loading, reload, setData };
}

/** Calls `listener` for each live event of `type` while the component is mounted. */
export function useLiveEvent<Type extends AccountEventType>(
  type: Type,
  listener: (data: LiveEventData[Type]) => void,
): void {
  const { live } = useApi();
  const listenerRef = useLatest(listener);
  useEffect(
    () => live.subscribe(type, (data) => listenerRef.current(data)),
    [live, type, listenerRef],
  );
}

/** Whether the tab's live stream is connected (for a "live" indicator). */
export function useLiveConnection(): boolean {
  const { live } = useApi();
  const [connected, setConnected] = useState(false);
  useEffect(() => live.onConnection(setConnected), [live]);
  return connected;
}

/**
 * Runs one action against the API (a form submit, a delete): tracks pending and error, and
 * signs out on 401. Resolves to the result, or undefined when it failed.
 */
export function useAction<Args extends unknown[], T>(
  action: (client: ApiClient, ...args: Args) => Promise<T>,
) {
  const { client } = useApi();
  const { handleError } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiRequestError | undefined>();
  const run = useCallback(
    async (...args: Args): Promise<T | undefined> => {
      setPending(true);
      setError(undefined);
      try {
        return await action(client, ...args);
      } catch (caught) {
        const apiError = toApiError(caught);
        handleError(apiError);
        setError(apiError);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [action, client, handleError],
  );
  return { run, pending, error, clearError: () => setError(undefined) };
}
