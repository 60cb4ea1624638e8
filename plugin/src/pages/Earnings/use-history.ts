import { unwrap } from '../../api/client';
import { usePagedList } from '../../hooks/usePagedList';
import { historyQuery, type HistoryFilters } from './history-filters';
import type { HistoryQuery, LedgerEntry } from './types';

/** The ledger for the filters, page by page. */
export function useHistory(filters: HistoryFilters, timeZone: string) {
  const query = historyQuery(filters, timeZone);
  const history = usePagedList<LedgerEntry>(
    JSON.stringify(query),
    async (client, cursor, signal) => {
      const pageQuery: HistoryQuery = cursor ? { ...query, cursor } : query;
      const page = await unwrap(
        client.v1.earnings.history.$get({ query: pageQuery }, { init: { signal } }),
      );
      return { items: page.entries, nextCursor: page.nextCursor };
    },
  );
  return { ...history, query };
}

export type HistoryState = ReturnType<typeof useHistory>;
