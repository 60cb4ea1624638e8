import { closeSync, fdatasync, writeSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { silentLogger, type Logger } from '../lib/logger.js';
import { lockDirectory } from './dir-lock.js';
import { resolveLimits, type DiskLogLimits, type DiskLogOptions } from './disk-log-options.js';
import {
  comparePositions,
  readState,
  writeState,
  writeStateNow,
  type LogPosition,
} from './log-state.js';
import { RecentLines } from './recent-lines.js';
import { openSegment, scanSegments, type Segment } from './segment-files.js';
import { endPosition, linesBetween, readSegments, repairedCursor } from './segment-positions.js';

export type { DiskLogOptions } from './disk-log-options.js';

/** Lines read from `start` to `end`; they stay in the log until acknowledged. */
export type LogBatch = { lines: string[]; start: LogPosition; end: LogPosition };

export type { LogPosition } from './log-state.js';

export type DiskLogStats = {
  bufferedPoints: number;
  droppedPoints: number;
  bytes: number;
  segments: number;
};

const datasync = promisify(fdatasync);

/**
 * The durable, bounded, append-only log between sampling and shipping. Samples are appended
 * to segment files; the shipper reads the oldest unacknowledged lines, and only an
 * acknowledgement (persisted atomically) lets them go. After a crash everything appended is
 * still there (what was sent but not yet acknowledged is sent again: InfluxDB overwrites the
 * same series and time). Over its size or age bound it drops the oldest segments and counts
 * their unsent points in `droppedPoints`, which survives restarts.
 *
 * Group commit: an append is one write into the page cache, which a killed process cannot
 * lose; the disk is flushed (fdatasync) and the acknowledged position saved at most every
 * `commitEveryMs`, so a power cut loses at most the appends of that window (as Telegraf loses
 * its unflushed buffer), and a crash resends what was acknowledged in it. The lines this
 * process appended are also kept in memory (`RecentLines`), so that sending them reads no file.
 */
export class DiskLog {
  private queue: Promise<unknown> = Promise.resolve();
  private active: { segment: Segment; fd: number } | undefined;
  private readonly recent = new RecentLines();
  /** Appended since the last commit. */
  private unsynced = false;
  /** Acknowledged since the state was last saved. */
  private unsaved = false;
  private lastCommitMs: number;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly limits: DiskLogLimits,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly segments: Segment[],
    private cursor: LogPosition,
    private droppedPoints: number,
    private nextSeq: number,
    private readonly unlock: () => Promise<void>,
  ) {
    this.lastCommitMs = now();
  }

  static async open(options: DiskLogOptions): Promise<DiskLog> {
    const { dir, now = Date.now, logger = silentLogger } = options;
    const limits = resolveLimits(options);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const unlock = await lockDirectory(dir);
    try {
      const state = await readState(dir, logger);
      const scanned = await scanSegments(dir);
      const segments = scanned.map((segment) => ({ ...segment, createdMs: segment.modifiedMs }));
      const nextSeq = (segments.at(-1)?.seq ?? 0) + 1;
      const log = new DiskLog(
        dir,
        limits,
        now,
        logger,
        segments,
        state?.cursor ?? { segment: 0, offset: 0, line: 0 },
        state?.droppedPoints ?? 0,
        nextSeq,
        unlock,
      );
      await log.exclusive(async () => {
        log.cursor = repairedCursor(log.segments, log.cursor, log.nextSeq);
        await log.deleteAcknowledged();
        await log.enforceBounds();
        await log.saveState();
      });
      return log;
    } catch (error) {
      await unlock();
      throw error;
    }
  }

  /**
   * Appends one sample's lines (each without a newline): one write into the page cache, on
   * this thread (a few KB take microseconds; the promise API would add thread-pool round
   * trips). Flushed to the disk with the next commit.
   */
  append(lines: readonly string[]): Promise<void> {
    return this.exclusive(async () => {
      const kept: string[] = [];
      const sizes: number[] = [];
      let bytes = 0;
      for (const line of lines) {
        if (line.length === 0) continue;
        if (line.includes('\n')) throw new Error('a line contains a newline');
        const size = Buffer.byteLength(line, 'utf8') + 1;
        kept.push(line);
        sizes.push(size);
        bytes += size;
      }
      if (kept.length === 0) return;
      const { segment, fd } = await this.writableSegment();
      try {
        const written = writeSync(fd, `${kept.join('\n')}\n`, null, 'utf8');
        if (written !== bytes) throw new Error(`wrote ${written} of ${bytes} bytes (disk full?)`);
      } catch (error) {
        // The file may now end in a partial line: never append to it again.
        await this.closeActive();
        throw error;
      }
      this.recent.appended(
        { segment: segment.seq, offset: segment.size, line: segment.lines },
        kept,
        sizes,
      );
      segment.size += bytes;
      segment.completeSize = segment.size;
      segment.lines += kept.length;
      segment.modifiedMs = this.now();
      this.unsynced = true;
      await this.enforceBounds();
      await this.commitIfDue();
    });
  }

  /** Flushes what was appended and acknowledged to the disk now (also done by close()). */
  commit(): Promise<void> {
    return this.exclusive(() => this.commitNow());
  }

  /** The oldest unacknowledged lines, or undefined when everything was acknowledged. */
  readBatch({ maxLines, maxBytes }: { maxLines: number; maxBytes: number }) {
    return this.exclusive(async (): Promise<LogBatch | undefined> => {
      const start = { ...this.cursor };
      const recent = this.recent.read(start, maxLines, maxBytes);
      if (recent) {
        return recent.lines.length > 0
          ? { lines: recent.lines, start, end: recent.end }
          : undefined;
      }
      const { lines, end } = await readSegments(this.segments, start, this.active?.segment, {
        maxLines,
        maxBytes,
      });
      if (lines.length > 0) return { lines, start, end };
      // Only skipped what a crash left (a partial line at a segment's end): move past it.
      if (comparePositions(end, this.cursor) > 0) {
        this.cursor = end;
        await this.deleteAcknowledged();
        await this.saveState();
      }
      return undefined;
    });
  }

  /**
   * Lets a batch go: `sent` once the API acknowledged it, `dropped` when it can never be
   * accepted (counted in droppedPoints).
   */
  ack(batch: LogBatch, outcome: 'sent' | 'dropped' = 'sent'): Promise<void> {
    return this.exclusive(async () => {
      // The bounds may have dropped these lines while they were being sent.
      if (comparePositions(batch.end, this.cursor) <= 0) return;
      if (outcome === 'dropped') {
        const from = comparePositions(batch.start, this.cursor) > 0 ? batch.start : this.cursor;
        this.droppedPoints += linesBetween(this.segments, from, batch.end);
      }
      this.cursor = batch.end;
      this.recent.release(this.cursor);
      await this.deleteAcknowledged();
      if (outcome === 'dropped') {
        await this.saveState();
        return;
      }
      // Saved with the next commit: a crash before it resends what was acknowledged since the
      // last one (InfluxDB overwrites the same series and time); a file written per send would
      // cost more than the send.
      this.unsaved = true;
      await this.commitIfDue();
    });
  }

  stats(): DiskLogStats {
    return {
      bufferedPoints: linesBetween(
        this.segments,
        this.cursor,
        endPosition(this.segments, this.cursor),
      ),
      droppedPoints: this.droppedPoints,
      bytes: this.segments.reduce((sum, segment) => sum + segment.size, 0),
      segments: this.segments.length,
    };
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      await this.commitNow();
      await this.closeActive();
      await this.saveState();
      await this.unlock();
      this.closed = true;
    });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const guarded = () => {
      if (this.closed) throw new Error('the buffer is closed');
      return task();
    };
    const result = this.queue.then(guarded, guarded);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async commitIfDue(): Promise<void> {
    if (this.now() - this.lastCommitMs >= this.limits.commitEveryMs) await this.commitNow();
  }

  private async commitNow(): Promise<void> {
    this.lastCommitMs = this.now();
    if (this.unsynced && this.limits.durable && this.active) await datasync(this.active.fd);
    this.unsynced = false;
    if (!this.unsaved) return;
    // Replaced atomically, not flushed: a power cut can only make it older, and then lines are
    // resent (drops and closing flush it).
    this.unsaved = false;
    writeStateNow(this.dir, { cursor: this.cursor, droppedPoints: this.droppedPoints });
  }

  private async writableSegment(): Promise<{ segment: Segment; fd: number }> {
    const current = this.active;
    if (
      current &&
      current.segment.size < this.limits.segmentBytes &&
      this.now() - current.segment.createdMs < this.limits.segmentAgeMs
    ) {
      return current;
    }
    // The finished segment reaches the disk before the next one starts.
    if (current) await this.commitNow();
    await this.closeActive();
    const { segment, fd } = openSegment(this.dir, this.nextSeq, this.now());
    this.nextSeq += 1;
    this.segments.push(segment);
    this.active = { segment, fd };
    return this.active;
  }

  private async closeActive(): Promise<void> {
    const current = this.active;
    this.active = undefined;
    if (!current) return;
    try {
      closeSync(current.fd);
    } catch {
      // nothing more to do with it
    }
  }

  private async deleteAcknowledged(): Promise<void> {
    while (this.segments[0] && this.segments[0].seq < this.cursor.segment) {
      const segment = this.segments.shift() as Segment;
      await rm(segment.file, { force: true });
    }
  }

  private async enforceBounds(): Promise<void> {
    const now = this.now();
    let total = this.segments.reduce((sum, segment) => sum + segment.size, 0);
    for (;;) {
      const oldest = this.segments[0];
      if (!oldest || oldest === this.active?.segment) return;
      const tooBig = total > this.limits.maxBytes;
      const tooOld = now - oldest.modifiedMs > this.limits.maxAgeMs;
      if (!tooBig && !tooOld) return;
      total -= oldest.size;
      await this.dropOldest(tooOld ? 'older than the age bound' : 'over the size bound');
    }
  }

  private async dropOldest(reason: string): Promise<void> {
    const segment = this.segments.shift() as Segment;
    let lost = 0;
    if (segment.seq > this.cursor.segment) lost = segment.lines;
    else if (segment.seq === this.cursor.segment) lost = segment.lines - this.cursor.line;
    await rm(segment.file, { force: true });
    if (segment.seq >= this.cursor.segment) {
      this.cursor = { segment: this.segments[0]?.seq ?? this.nextSeq, offset: 0, line: 0 };
      this.recent.release(this.cursor);
    }
    if (lost > 0) {
      this.droppedPoints += lost;
      this.logger.warn(`buffer ${reason}: dropped the oldest ${lost} unsent points`);
    }
    await this.saveState();
  }

  private async saveState(): Promise<void> {
    this.unsaved = false;
    await writeState(
      this.dir,
      { cursor: this.cursor, droppedPoints: this.droppedPoints },
      this.limits.durable,
    );
  }
}
