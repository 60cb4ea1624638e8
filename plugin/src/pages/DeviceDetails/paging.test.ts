import { describe, expect, it } from 'vitest';
import { appendPage, upsertItem } from './paging';

describe('paging', () => {
  const item = (id: string, label = id) => ({ id, label });

  it('appends a page without repeating an item that arrived live meanwhile', () => {
    const current = { items: [item('new'), item('a'), item('b')], nextCursor: 'c1' };
    const page = { items: [item('b'), item('c')], nextCursor: null };
    expect(appendPage(current, page)).toEqual({
      items: [item('new'), item('a'), item('b'), item('c')],
      nextCursor: null,
    });
  });

  it('puts a new live item first and replaces an updated one in place', () => {
    const current = { items: [item('a'), item('b')], nextCursor: 'c1' };
    expect(upsertItem(current, item('c')).items.map((entry) => entry.id)).toEqual(['c', 'a', 'b']);
    expect(upsertItem(current, item('b', 'finished')).items).toEqual([
      item('a'),
      item('b', 'finished'),
    ]);
    expect(upsertItem(current, item('c')).nextCursor).toBe('c1');
  });
});
