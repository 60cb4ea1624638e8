import { runCommand, type CommandRunner } from '../../lib/run-command.js';

/**
 * `00000000:01:00.0` (nvidia-smi) and `0000:01:00` (kernel log) name the same device:
 * compare domain, bus and device as numbers; the function is not in Xid lines.
 */
export function normalizeBusId(busId: string): string | undefined {
  const match = /^([0-9a-f]+):([0-9a-f]+):([0-9a-f]+)(?:\.[0-9a-f]+)?$/i.exec(busId.trim());
  if (!match) return undefined;
  return match
    .slice(1, 4)
    .map((part) => parseInt(part, 16).toString(16))
    .join(':');
}

/** `NVRM: Xid (PCI:<bus id>): <code>, …`; older drivers leave out the `PCI:`. */
const XID_LINE =
  /NVRM: Xid \((?:PCI:)?([0-9a-f]+:[0-9a-f]+:[0-9a-f]+(?:\.[0-9a-f]+)?)\): *(\d+)\b/i;

/** One GPU's Xid errors since boot: how many the kernel logged, and the code of the newest. */
export type XidSummary = { count: number; last: number };

/**
 * Xid lines per normalized bus id. journalctl prints the oldest line first, so the last line
 * of a GPU holds its newest code. A line without a readable code (cut short, garbled) counts for
 * neither: the count and the code come from the same lines.
 */
export function summarizeXidErrors(kernelLog: string): Map<string, XidSummary> {
  const summaries = new Map<string, XidSummary>();
  for (const line of kernelLog.split('\n')) {
    const [, busId, code] = XID_LINE.exec(line) ?? [];
    const key = busId && normalizeBusId(busId);
    if (!key || !code) continue;
    const count = (summaries.get(key)?.count ?? 0) + 1;
    summaries.set(key, { count, last: Number(code) });
  }
  return summaries;
}

/** Xid errors per bus id since boot, or undefined when the kernel log cannot be read. */
export type XidReader = (now: Date) => Promise<Map<string, XidSummary> | undefined>;

const JOURNAL_TIMEOUT_MS = 5_000;
const BASE_ARGS = ['-k', '-b', '--no-pager', '-o', 'cat'];

/**
 * Reads the kernel log with journalctl, at most every `refreshMs` (Xid lines are rare and the
 * scan is not free). The log counts as readable only when it shows at least one kernel line:
 * an unprivileged user, or a machine without journald, sees none, which would otherwise read
 * as "no errors".
 */
export function createJournalXidReader({
  run = runCommand,
  refreshMs = 60_000,
}: { run?: CommandRunner; refreshMs?: number } = {}): XidReader {
  let readable: boolean | undefined;
  let cached: { at: number; summaries: Map<string, XidSummary> | undefined } | undefined;

  async function probe(): Promise<boolean> {
    const result = await run('journalctl', [...BASE_ARGS, '-n', '1'], {
      timeoutMs: JOURNAL_TIMEOUT_MS,
    });
    return result.code === 0 && result.stdout.trim() !== '';
  }

  async function read(): Promise<Map<string, XidSummary> | undefined> {
    const timeout = { timeoutMs: JOURNAL_TIMEOUT_MS };
    const grep = await run('journalctl', [...BASE_ARGS, '--grep', 'NVRM: Xid'], timeout);
    if (grep.code === 0) return summarizeXidErrors(grep.stdout);
    // journalctl --grep exits 1 with no output when nothing matches.
    if (grep.code === 1 && grep.stdout.trim() === '' && grep.stderr.trim() === '') return new Map();
    // Built without pattern matching: filter the kernel log here instead.
    const all = await run('journalctl', BASE_ARGS, timeout);
    return all.code === 0 ? summarizeXidErrors(all.stdout) : undefined;
  }

  return async function readXidSummaries(now) {
    if (process.platform !== 'linux') return undefined;
    if (cached && now.getTime() - cached.at < refreshMs && now.getTime() >= cached.at) {
      return cached.summaries;
    }
    readable ??= await probe();
    const summaries = readable ? await read() : undefined;
    cached = { at: now.getTime(), summaries };
    return summaries;
  };
}
