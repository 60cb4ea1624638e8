import { useCallback, type DependencyList } from 'react';
import type { ApiClient } from '../../api/client';
import { useAction, useRequest } from '../../api/hooks';
import { appendPage, upsertItem, type Paged } from './paging';

export type PageLoader<Item> = (
  client: ApiClient,
  cursor: string | undefined,
  signal?: AbortSignal,
) => Promise<Paged<Item>>;

/**
 * A cursor-paged list: the first page when `deps` change, the next on `loadMore`, and live
 * items through `upsert`.
 */
export function usePaged<Item extends { id: string }>(
  load: PageLoader<Item>,
  deps: DependencyList,
) {
  const first = useRequest((client, signal) => load(client, undefined, signal), deps);
  const { data, setData } = first;
  const nextCursor = data?.nextCursor ?? null;
  const more = useAction((client, cursor: string) => load(client, cursor));

  const { run } = more;
  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const page = await run(nextCursor);
    if (page) setData((current) => (current ? appendPage(current, page) : page));
  }, [nextCursor, run, setData]);

  const upsert = useCallback(
    (item: Item) => setData((current) => current && upsertItem(current, item)),
    [setData],
  );

  return {
    items: data?.items,
    hasMore: nextCursor !== null,
    error: first.error,
    loading: first.loading,
    reload: first.reload,
    loadMore,
    loadingMore: more.pending,
    loadMoreError: more.error,
    upsert,
  };
}
