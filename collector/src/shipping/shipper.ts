import type { DiskLog } from '../buffer/disk-log.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { createAlarm, sleep } from '../lib/sleep.js';
import { MAX_BATCH_BYTES, MAX_BATCH_LINES, type LineWriter } from './influx-writer.js';
import { backoffMs, classifyWriteFailure, type WriteFailure } from './write-errors.js';

export type ShipperOptions = {
  log: Pick<DiskLog, 'readBatch' | 'ack' | 'stats'>;
  writer: LineWriter;
  /**
   * How often to look for new lines by itself when the log is empty; wake() sends at once. The
   * agent loop wakes it every flush interval, so this is only a safety net.
   */
  intervalMs: number;
  logger?: Logger;
  /** Pause after 401/403/404, when only a person can fix things (default 60 s). */
  blockedRetryMs?: number;
  maxLines?: number;
  maxBytes?: number;
  random?: () => number;
  /**
   * Asked after the API rejected the credential: a writer with a newer credential (the
   * device was re-enrolled while running), or undefined when there is none.
   */
  renewWriter?: () => Promise<LineWriter | undefined>;
};

export type DrainResult = { state: 'empty' } | { state: 'failed'; retryInMs: number };

const REMIND_EVERY_MS = 5 * 60_000;

/**
 * Sends the disk log to the API, oldest first, in batches of at most 5,000 lines. A batch
 * leaves the log only once the API acknowledged it. Failures back off (exponential, full
 * jitter, capped at 60 s, at least `Retry-After`); a batch the API can never accept is dropped
 * and counted; a rejected credential keeps the data and retries slowly.
 */
export class Shipper {
  private writer: LineWriter;
  private readonly logger: Logger;
  private failures = 0;
  private lastProblem: { text: string; at: number } | undefined;
  private stopping = false;
  private backingOff = false;
  private readonly alarm = createAlarm();
  private loopDone: Promise<void> | undefined;

  constructor(private readonly options: ShipperOptions) {
    this.writer = options.writer;
    this.logger = options.logger ?? silentLogger;
  }

  /** Starts the background loop. */
  start(): void {
    this.loopDone ??= this.loop();
  }

  /** New lines are due to be sent: send them now (unless backing off after a failure). */
  wake(): void {
    if (!this.backingOff) this.alarm.ring();
  }

  /** Sends until the log is empty or a send fails. */
  async drain(): Promise<DrainResult> {
    const { log } = this.options;
    const limits = {
      maxLines: this.options.maxLines ?? MAX_BATCH_LINES,
      maxBytes: this.options.maxBytes ?? MAX_BATCH_BYTES,
    };
    for (;;) {
      const batch = await log.readBatch(limits);
      if (!batch) return { state: 'empty' };
      try {
        await this.writer.write(batch.lines);
      } catch (error) {
        const failure = classifyWriteFailure(error);
        if (failure.kind === 'drop') {
          await log.ack(batch, 'dropped');
          this.logger.error(
            `the API refused ${batch.lines.length} points for good (${failure.reason}); dropped them`,
          );
          continue;
        }
        if (failure.kind === 'blocked' && (await this.renewWriter())) continue;
        return { state: 'failed', retryInMs: this.failed(failure) };
      }
      await log.ack(batch, 'sent');
      this.succeeded();
    }
  }

  /**
   * Stops the loop and tries once more to send what is buffered, within `timeoutMs`.
   * Resolves true when the log was emptied; what is unsent stays on disk either way.
   */
  async stop({ timeoutMs = 5_000 }: { timeoutMs?: number } = {}): Promise<boolean> {
    this.stopping = true;
    this.alarm.ring();
    const flushed = (async () => {
      await this.loopDone;
      return (await this.drain()).state === 'empty';
    })().catch(() => false);
    const timedOut = sleep(timeoutMs).then(() => false);
    return Promise.race([flushed, timedOut]);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const result = await this.drain().catch((error: unknown): DrainResult => {
        this.logger.error(`reading the buffer failed: ${(error as Error).message}`);
        return { state: 'failed', retryInMs: 5_000 };
      });
      if (this.stopping) return;
      if (result.state === 'empty') {
        // A wake() during the drain has rung already: drain again at once.
        await this.alarm.wait(this.options.intervalMs);
      } else {
        // Only stop() ends a back-off early.
        this.backingOff = true;
        this.alarm.clear();
        await this.alarm.wait(result.retryInMs);
        this.backingOff = false;
      }
    }
  }

  private succeeded(): void {
    if (this.failures > 0 || this.lastProblem) {
      this.logger.info(`the API accepts data again; ${this.buffered()} points still buffered`);
    }
    this.failures = 0;
    this.lastProblem = undefined;
  }

  /** After a rejected credential: switch to a newer one from the config file, if any. */
  private async renewWriter(): Promise<boolean> {
    const renewed = await this.options.renewWriter?.().catch(() => undefined);
    if (!renewed) return false;
    this.writer = renewed;
    this.logger.info('using the new credential from the config file');
    return true;
  }

  private failed(failure: Exclude<WriteFailure, { kind: 'drop' }>): number {
    if (failure.kind === 'blocked') {
      this.report(`${failure.hint} (${failure.reason}); keeping ${this.buffered()} points on disk`);
      return this.options.blockedRetryMs ?? 60_000;
    }
    this.failures += 1;
    const delay = Math.max(
      failure.retryAfterMs ?? 0,
      backoffMs(this.failures, this.options.random),
    );
    this.report(
      `cannot send to the API (${failure.reason}); keeping ${this.buffered()} points on disk, retrying`,
    );
    return delay;
  }

  /** Logs a problem when it is new, and reminds of it every few minutes. */
  private report(text: string): void {
    const now = Date.now();
    const key = text.replace(/keeping \d+ points/, '');
    const last = this.lastProblem;
    if (last && last.text === key && now - last.at < REMIND_EVERY_MS) return;
    this.lastProblem = { text: key, at: now };
    this.logger.warn(text);
  }

  private buffered(): number {
    return this.options.log.stats().bufferedPoints;
  }
}
