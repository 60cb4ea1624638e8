/** A newest-first list as far as it has been loaded. */
export interface Paged<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** Adds a following page; an item already shown (it arrived live meanwhile) is not repeated. */
export function appendPage<Item extends { id: string }>(
  current: Paged<Item>,
  page: Paged<Item>,
): Paged<Item> {
  const seen = new Set(current.items.map((item) => item.id));
  return {
    items: [...current.items, ...page.items.filter((item) => !seen.has(item.id))],
    nextCursor: page.nextCursor,
  };
}

/**
 * A live item: an update of one already listed replaces it where it is (a job that finished),
 * a new one goes first (the list is newest first).
 */
export function upsertItem<Item extends { id: string }>(
  current: Paged<Item>,
  item: Item,
): Paged<Item> {
  const index = current.items.findIndex((existing) => existing.id === item.id);
  if (index === -1) return { ...current, items: [item, ...current.items] };
  const items = [...current.items];
  items[index] = item;
  return { ...current, items };
}
