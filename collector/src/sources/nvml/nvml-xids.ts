import type { Logger } from '../../lib/logger.js';
import { normalizeBusId, type XidReader, type XidSummary } from '../nvidia-smi/xid-log.js';
import type { NvmlXidEvents } from './nvml.js';

/**
 * Xid errors per bus id counted from NVML's events: since the watch began, not since boot (the
 * events are not kept), so a restart of the collector starts the counts again at 0.
 */
export function createNvmlXidReader(events: NvmlXidEvents): XidReader {
  const summaries = new Map<string, XidSummary>();
  return async function readNvmlXids() {
    for (const { busId, xid } of events.drain()) {
      const key = normalizeBusId(busId);
      if (!key) continue;
      summaries.set(key, { count: (summaries.get(key)?.count ?? 0) + 1, last: xid });
    }
    return new Map(summaries);
  };
}

/**
 * The kernel log where it can be read (it counts since boot and keeps history); where it
 * cannot (no journald, no permission, Windows), NVML's Xid events. Chosen at the first read.
 */
export function journalOrNvmlXids(
  journal: XidReader,
  watch: () => NvmlXidEvents | undefined,
  logger: Logger,
): XidReader {
  let chosen: XidReader | undefined;
  function watchOrNothing(): XidReader {
    try {
      const events = watch();
      if (events) {
        logger.info('Xid errors come from NVML events (the kernel log cannot be read)');
        return createNvmlXidReader(events);
      }
    } catch (error) {
      logger.warn(`NVML Xid events are not available (${(error as Error).message})`);
    }
    return async () => undefined;
  }
  return async function readXids(now) {
    if (chosen) return chosen(now);
    const fromJournal = await journal(now);
    chosen = fromJournal ? journal : watchOrNothing();
    return fromJournal ?? chosen(now);
  };
}
