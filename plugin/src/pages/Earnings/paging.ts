/** One page of a newest-first list, in the API's `{items…, nextCursor}` terms. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Row = { id: string };

/** The next page after the loaded ones; a row seen twice (new rows shifted the keyset) once. */
export function appendPage<T extends Row, P extends Page<T>>(current: P, next: P): P {
  const seen = new Set(current.items.map((item) => item.id));
  return { ...next, items: [...current.items, ...next.items.filter((item) => !seen.has(item.id))] };
}

/**
 * A fresh first page laid over the loaded pages, so that a live update keeps what the user has
 * scrolled through. Fresh rows win (a payout's status changes). When the fresh page does not
 * reach the loaded rows, rows may be missing in between, so only the fresh page is kept.
 */
export function mergeFirstPage<T extends Row, P extends Page<T>>(
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
