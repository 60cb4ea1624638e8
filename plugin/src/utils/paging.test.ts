import { describe, expect, it } from 'vitest';
import { appendPage, mergeFirstPage, upsertItem, type Page } from './paging';

type Row = { id: string; v?: string };
const page = (ids: string[], nextCursor: string | null): Page<Row> => ({
  items: ids.map((id) => ({ id })),
  nextCursor,
});
const ids = (p: Page<Row>) => p.items.map((item) => item.id);

describe('appendPage', () => {
  it('appends the next page, once per row, and takes its cursor', () => {
    const merged = appendPage(page(['5', '4', '3'], 'c3'), page(['3', '2', '1'], null));
    expect(ids(merged)).toEqual(['5', '4', '3', '2', '1']);
    expect(merged.nextCursor).toBeNull();
  });

  it('appends a page without repeating an item that arrived live meanwhile', () => {
    const current = page(['new', 'a', 'b'], 'c1');
    expect(appendPage(current, page(['b', 'c'], null))).toEqual(page(['new', 'a', 'b', 'c'], null));
  });
});

describe('mergeFirstPage', () => {
  it('puts new rows on top and keeps the pages already loaded', () => {
    const loaded = page(['5', '4', '3', '2'], 'c2');
    const merged = mergeFirstPage(loaded, page(['7', '6', '5'], 'c5'));
    expect(ids(merged)).toEqual(['7', '6', '5', '4', '3', '2']);
    expect(merged.nextCursor).toBe('c2');
  });

  it('prefers the fresh copy of a row (a payout changed status)', () => {
    const loaded: Page<Row> = { items: [{ id: '2', v: 'pending' }, { id: '1' }], nextCursor: 'c1' };
    const merged = mergeFirstPage(loaded, {
      items: [{ id: '2', v: 'confirmed' }],
      nextCursor: 'c2',
    });
    expect(merged.items).toEqual([{ id: '2', v: 'confirmed' }, { id: '1' }]);
  });

  it('keeps only the fresh page when it does not reach the loaded rows (a gap)', () => {
    const merged = mergeFirstPage(page(['3', '2'], 'c2'), page(['9', '8'], 'c8'));
    expect(ids(merged)).toEqual(['9', '8']);
    expect(merged.nextCursor).toBe('c8');
  });

  it('takes a complete fresh list as it is', () => {
    const merged = mergeFirstPage(page(['3', '2'], 'c2'), page(['4', '3', '2', '1'], null));
    expect(ids(merged)).toEqual(['4', '3', '2', '1']);
    expect(merged.nextCursor).toBeNull();
  });
});

describe('upsertItem', () => {
  it('puts a new live item first and replaces an updated one in place', () => {
    const current = page(['a', 'b'], 'c1');
    expect(ids(upsertItem(current, { id: 'c' }))).toEqual(['c', 'a', 'b']);
    const finished: Row = { id: 'b', v: 'finished' };
    expect(upsertItem(current, finished).items).toEqual([{ id: 'a' }, finished]);
    expect(upsertItem(current, { id: 'c' }).nextCursor).toBe('c1');
  });
});
