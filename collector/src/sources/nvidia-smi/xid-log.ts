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

const XID_LINE = /NVRM: Xid \((?:PCI:)?([0-9a-f]+:[0-9a-f]+:[0-9a-f]+(?:\.[0-9a-f]+)?)\)/i;

/** Counts `NVRM: Xid (PCI:<bus id>): …` lines per normalized bus id. */
export function countXidErrors(kernelLog: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of kernelLog.split('\n')) {
    const busId = XID_LINE.exec(line)?.[1];
    const key = busId && normalizeBusId(busId);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Xid counts per bus id since boot, or undefined when the kernel log cannot be read. */
export type XidReader = (now: Date) => Promise<Map<string, number> | undefined>;

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
  let cached: { at: number; counts: Map<string, number> | undefined } | undefined;

  async function probe(): Promise<boolean> {
    const result = await run('journalctl', [...BASE_ARGS, '-n', '1'], {
      timeoutMs: JOURNAL_TIMEOUT_MS,
    });
    return result.code === 0 && result.stdout.trim() !== '';
  }

  async function read(): Promise<Map<string, number> | undefined> {
    const timeout = { timeoutMs: JOURNAL_TIMEOUT_MS };
    const grep = await run('journalctl', [...BASE_ARGS, '--grep', 'NVRM: Xid'], timeout);
    if (grep.code === 0) return countXidErrors(grep.stdout);
    // journalctl --grep exits 1 with no output when nothing matches.
    if (grep.code === 1 && grep.stdout.trim() === '' && grep.stderr.trim() === '') return new Map();
    // Built without pattern matching: filter the kernel log here instead.
    const all = await run('journalctl', BASE_ARGS, timeout);
    return all.code === 0 ? countXidErrors(all.stdout) : undefined;
  }

  return async function readXidCounts(now) {
    if (process.platform !== 'linux') return undefined;
    if (cached && now.getTime() - cached.at < refreshMs && now.getTime() >= cached.at) {
      return cached.counts;
    }
    readable ??= await probe();
    const counts = readable ? await read() : undefined;
    cached = { at: now.getTime(), counts };
    return counts;
  };
}
