import { useCallback, useEffect, useRef } from 'react';
import type { ApiClient } from '../api/client';
import type { ApiRequestError } from '../api/errors';
import { useAction, useRequest } from '../api/hooks';
import { appendPage, mergeFirstPage, upsertItem, type Page } from '../utils/paging';

/** Loads one page: the first without a cursor, the following ones with the last `nextCursor`. */
export type LoadPage<P> = (
  client: ApiClient,
  cursor: string | undefined,
  signal?: AbortSignal,
) => Promise<P>;

export interface PagedList<Item, P extends Page<Item> = Page<Item>> {
  /** What is loaded so far; undefined until the first page arrives. */
  page: P | undefined;
  hasMore: boolean;
  loading: boolean;
  error: ApiRequestError | undefined;
  /** Loads the first page again, in place of what is loaded. */
  reload: () => void;
  loadMore: () => Promise<void>;
  loadingMore: boolean;
  loadMoreError: ApiRequestError | undefined;
  /** Loads the first page again and lays it over what is loaded (after a live event). */
  refresh: () => Promise<void>;
  /** Adds or updates one row that arrived live. */
  upsert: (item: Item) => void;
}

/**
 * A newest-first list loaded page by page (keyset paging). `key` names the query (a device, the
 * filters): a new key loads the first page again, and a page still on its way for the old key
 * is dropped.
 *
 * @example
 * const jobs = usePagedList<Job>(deviceId, async (client, cursor, signal) => {
 *   const page = await unwrap(client.v1.devices[':id'].jobs.$get(…));
 *   return { items: page.jobs, nextCursor: page.nextCursor };
 * });
 */
export function usePagedList<Item extends { id: string }, P extends Page<Item> = Page<Item>>(
  key: string,
  loadPage: LoadPage<P>,
): PagedList<Item, P> {
  const loadRef = useRef(loadPage);
  useEffect(() => {
    loadRef.current = loadPage;
  }, [loadPage]);
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
      setData((current) => (current ? appendPage<Item, P>(current, page) : page));
    }
  }, [nextCursor, runMore, setData]);

  const refresh = useCallback(async () => {
    const startedFor = keyRef.current;
    const page = await runFresh();
    if (page && keyRef.current === startedFor) {
      setData((current) => mergeFirstPage<Item, P>(current, page));
    }
  }, [runFresh, setData]);

  const upsert = useCallback(
    (item: Item) => setData((current) => current && upsertItem<Item, P>(current, item)),
    [setData],
  );

  return {
    page: first.data,
    hasMore: nextCursor !== null,
    loading: first.loading,
    error: first.error,
    reload: first.reload,
    loadMore,
    loadingMore: more.pending,
    loadMoreError: more.error,
    refresh,
    upsert,
  };
}
