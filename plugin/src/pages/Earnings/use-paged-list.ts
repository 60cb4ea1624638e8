import { useCallback, useEffect, useRef } from 'react';
import type { ApiClient } from '../../api/client';
import { useAction, useRequest } from '../../api/hooks';
import { appendPage, mergeFirstPage, type Page } from './paging';

type LoadPage<P> = (
  client: ApiClient,
  cursor: string | undefined,
  signal?: AbortSignal,
) => Promise<P>;

/**
 * A newest-first list loaded page by page. `key` names the query (filters): a new key loads the
 * first page again, and a page still on its way for the old key is dropped.
 */
export function usePagedList<T extends { id: string }, P extends Page<T> = Page<T>>(
  key: string,
  loadPage: LoadPage<P>,
) {
  const loadRef = useRef(loadPage);
  loadRef.current = loadPage;
  const keyRef = useRef(key);
  useEffect(() => {
    keyRef.current = key;
  }, [key]);

  const first = useRequest((client, signal) => loadRef.current(client, undefined, signal), [key]);
  const more = useAction(
    useCallback((client: ApiClient, cursor: string) => loadRef.current(client, cursor), []),
  );
  const fresh = useAction(
    useCallback((client: ApiClient) => loadRef.current(client, undefined), []),
  );
  const { setData } = first;
  const runMore = more.run;
  const runFresh = fresh.run;

  const nextCursor = first.data?.nextCursor ?? null;
  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const startedFor = keyRef.current;
    const page = await runMore(nextCursor);
    if (page && keyRef.current === startedFor) {
      setData((current) => (current ? appendPage<T, P>(current, page) : page));
    }
  }, [nextCursor, runMore, setData]);

  /** Loads the first page again and lays it over what is loaded (after a live event). */
  const refresh = useCallback(async () => {
    const startedFor = keyRef.current;
    const page = await runFresh();
    if (page && keyRef.current === startedFor) {
      setData((current) => mergeFirstPage<T, P>(current, page));
    }
  }, [runFresh, setData]);

  return {
    page: first.data,
    loading: first.loading,
    error: first.error,
    reload: first.reload,
    loadMore,
    loadingMore: more.pending,
    loadMoreError: more.error,
    refresh,
  };
}
