/** One page of a newest-first list, in the API's `{items…, nextCursor}` terms. */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

type Row = { id: string };

/**
 * The next page after the loaded ones, with its cursor. A row already shown once (new rows
 * shifted the keyset, or it arrived live meanwhile) is not repeated.
 */
export function appendPage<Item extends Row, P extends Page<Item>>(current: P, next: P): P {
  const seen = new Set(current.items.map((item) => item.id));
  return { ...next, items: [...current.items, ...next.items.filter((item) => !seen.has(item.id))] };
}

/**
 * A fresh first page laid over the loaded pages, so that a live update keeps what the user has
 * scrolled through. Fresh rows win (a payout's status changes). When the fresh page does not
 * reach the loaded rows, rows may be missing in between, so only the fresh page is kept.
 */
export function mergeFirstPage<Item extends Row, P extends Page<Item>>(
  current: P | undefined,
  fresh: P,
): P {
  if (!current || fresh.nextCursor === null) return fresh;
  const freshIds = new Set(fresh.items.map((item) => item.id));
  if (!current.items.some((item) => freshIds.has(item.id))) return fresh;
  const older = current.items.filter((item) => !freshIds.has(item.id));
  if (older.length === 0) return fresh;
  return { ...fresh, items: [...fresh.items, ...older], nextCursor: current.nextCursor };
}

/**
 * A live row: an update of one already listed replaces it where it is (a job that finished),
 * a new one goes first (the list is newest first).
 */
export function upsertItem<Item extends Row, P extends Page<Item>>(current: P, item: Item): P {
  const index = current.items.findIndex((existing) => existing.id === item.id);
  if (index === -1) return { ...current, items: [item, ...current.items] };
  const items = [...current.items];
  items[index] = item;
  return { ...current, items };
}
