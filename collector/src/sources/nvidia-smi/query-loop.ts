import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseCsvRow } from './parse-query-output.js';
import type { QueryPlan } from './query-plan.js';
import { queryArgs } from './query-plans.js';

/** The cells of one row per GPU: what one refresh of the loop printed. */
export type Refresh = string[][];

/** One long-lived `nvidia-smi --query-gpu=… -lms <interval>` child and what it printed. */
export type QueryLoop = {
  /** The newest complete refresh, if any. */
  latest(): Refresh | undefined;
  /** When (performance.now()) the child last printed a row, or was started. */
  lastRowAt(): number;
  /** Why the child ended; undefined while it runs. */
  exitReason(): string | undefined;
  /** The first complete refresh, or undefined when the child ends or `timeoutMs` passes first. */
  firstRefresh(timeoutMs: number): Promise<Refresh | undefined>;
  stop(): Promise<void>;
};

// nvidia-smi prints a refresh's rows in one burst: a pause this long ends the refresh.
const MAX_SETTLE_MS = 250;
// Output without a line break for this long is not nvidia-smi's: it is dropped.
const MAX_LINE_CHARS = 64 * 1024;
const KILL_AFTER_MS = 1_000;

/** The column that names a GPU, so that a row for a GPU already seen starts the next refresh. */
function keyColumn(plan: QueryPlan): number | undefined {
  return plan.index[0] ?? plan.uuid[0] ?? plan.busId[0];
}

/**
 * Starts the child. Its output is split into lines (a chunk may end mid-line; an unfinished
 * line at exit is dropped) and the rows grouped into refreshes: a refresh ends when a GPU
 * repeats or the output pauses. Lines that are not rows (driver messages) only explain an exit.
 */
export function startQueryLoop(options: {
  binary: string;
  plan: QueryPlan;
  intervalMs: number;
}): QueryLoop {
  const { binary, plan, intervalMs } = options;
  const child = spawn(binary, [...queryArgs(plan), '-lms', String(intervalMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const key = keyColumn(plan);
  let pending: Refresh = [];
  let latest: Refresh | undefined;
  let lastRowAt = performance.now();
  let exitReason: string | undefined;
  let lastMessage = '';
  let unfinished = '';
  const waiters = new Set<() => void>();
  const settleMs = Math.min(MAX_SETTLE_MS, intervalMs / 4);
  let settle: NodeJS.Timeout | undefined;
  /** When a refresh was completed by its row count rather than by a pause. */
  let countedAt = Number.NEGATIVE_INFINITY;
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  function complete(): void {
    clearTimeout(settle);
    settle = undefined;
    if (pending.length === 0) return;
    latest = pending;
    pending = [];
    for (const wake of waiters) wake();
  }

  /** The same GPUs in the same order as the newest refresh: nothing more is coming. */
  function sameGpusAsLatest(column: number): boolean {
    if (!latest || pending.length !== latest.length) return false;
    return pending.every((row, position) => row[column] === latest?.[position]?.[column]);
  }

  function onLine(line: string): void {
    const row = parseCsvRow(line, plan.fields.length);
    if (!row) {
      if (line.trim()) lastMessage = line.trim();
      return;
    }
    lastRowAt = performance.now();
    if (key === undefined) {
      pending.push(row);
      return;
    }
    const gpu = row[key];
    // A GPU the refresh just completed by count lacked: it had one more (a GPU was added).
    if (
      pending.length === 0 &&
      latest &&
      lastRowAt - countedAt < settleMs &&
      !latest.some((other) => other[key] === gpu)
    ) {
      latest = [...latest, row];
      return;
    }
    if (pending.some((other) => other[key] === gpu)) complete();
    pending.push(row);
    // As many GPUs as the last refresh, the same ones: complete it now rather than after a
    // pause, which would cost a timer and a wake-up per refresh.
    if (sameGpusAsLatest(key)) {
      countedAt = lastRowAt;
      complete();
    }
  }

  function onOutput(chunk: string): void {
    const lines = (unfinished + chunk).split('\n');
    unfinished = lines.pop() ?? '';
    if (unfinished.length > MAX_LINE_CHARS) unfinished = '';
    for (const line of lines) onLine(line);
    // A refresh comes in one burst, mostly one chunk: only rows left pending after it wait
    // for the pause that ends their refresh.
    if (pending.length === 0) return;
    if (settle) settle.refresh();
    else settle = setTimeout(complete, settleMs).unref();
  }

  function ended(reason: string): void {
    exitReason ??= reason;
    clearTimeout(settle);
    settle = undefined;
    // A refresh cut short by the exit may lack GPUs.
    pending = [];
    for (const wake of waiters) wake();
  }

  child.stdout.setEncoding('utf8').on('data', onOutput);
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    const last = chunk.trim().split('\n').pop()?.trim();
    if (last) lastMessage = last;
  });
  child.on('error', (error) => ended(`${binary} could not be run (${error.message})`));
  child.on('close', (code, signal) => {
    const detail = lastMessage ? `: ${lastMessage}` : '';
    ended(`${binary} -lms exited with ${code ?? signal ?? 'no status'}${detail}`);
  });

  return {
    latest: () => latest,
    lastRowAt: () => lastRowAt,
    exitReason: () => exitReason,
    firstRefresh(timeoutMs) {
      if (latest || exitReason !== undefined) return Promise.resolve(latest);
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(latest);
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
      });
    },
    async stop() {
      if (exitReason !== undefined) return;
      child.kill('SIGTERM');
      // A child stuck in a driver call ignores SIGTERM.
      const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      await closed;
      clearTimeout(killer);
    },
  };
}
