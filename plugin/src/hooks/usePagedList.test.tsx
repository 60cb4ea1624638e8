import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiProviders, fakeApi } from '../../test/fake-api';
import type { Page } from '../utils/paging';
import { usePagedList, type LoadPage } from './usePagedList';

type Row = { id: string; status?: string };

/** A paged list whose answers wait until the test calls `release`. */
function pagedRows() {
  const pending: Array<() => void> = [];
  let first: Page<Row> = { items: [{ id: 'b' }, { id: 'a' }], nextCursor: 'after-a' };
  const next: Page<Row> = { items: [{ id: 'z' }], nextCursor: null };
  const load: LoadPage<Page<Row>> = (_client, cursor) =>
    new Promise((resolve) => pending.push(() => resolve(cursor ? next : first)));
  return {
    load,
    setFirst: (page: Page<Row>) => (first = page),
    release: () => act(() => pending.splice(0).forEach((answer) => answer())),
  };
}

function renderList(rows: ReturnType<typeof pagedRows>, key = 'all') {
  fakeApi({});
  return renderHook(({ listKey }) => usePagedList<Row>(listKey, rows.load), {
    wrapper: ApiProviders,
    initialProps: { listKey: key },
  });
}

const ids = (page: Page<Row> | undefined) => page?.items.map((item) => item.id);

describe('usePagedList', () => {
  it('loads the first page, then the next one with its cursor', async () => {
    const rows = pagedRows();
    const { result } = renderList(rows);
    await rows.release();
    expect(ids(result.current.page)).toEqual(['b', 'a']);
    expect(result.current.hasMore).toBe(true);

    const more = result.current.loadMore();
    await rows.release();
    await act(() => more);
    expect(ids(result.current.page)).toEqual(['b', 'a', 'z']);
    expect(result.current.hasMore).toBe(false);
  });

  it('drops a next page that arrives after the key changed', async () => {
    const rows = pagedRows();
    const { result, rerender } = renderList(rows);
    await rows.release();
    const more = result.current.loadMore();
    rows.setFirst({ items: [{ id: 'x' }], nextCursor: null });
    rerender({ listKey: 'filtered' });
    await rows.release();
    await act(() => more);
    await waitFor(() => expect(ids(result.current.page)).toEqual(['x']));
  });

  it('lays a refreshed first page over the loaded ones, and puts live rows first', async () => {
    const rows = pagedRows();
    const { result } = renderList(rows);
    await rows.release();
    rows.setFirst({ items: [{ id: 'c' }, { id: 'b', status: 'paid' }], nextCursor: 'after-b' });
    const refreshed = result.current.refresh();
    await rows.release();
    await act(() => refreshed);
    expect(result.current.page?.items).toEqual([
      { id: 'c' },
      { id: 'b', status: 'paid' },
      { id: 'a' },
    ]);
    expect(result.current.page?.nextCursor).toBe('after-a');

    act(() => result.current.upsert({ id: 'd' }));
    expect(ids(result.current.page)).toEqual(['d', 'c', 'b', 'a']);
  });
});
