import { closeSync, fdatasync, openSync, writeSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
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
import { readLines, scanSegments, segmentFileName, type ScannedSegment } from './segment-files.js';

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

type Segment = ScannedSegment & { createdMs: number };

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
        log.repairCursor();
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
      let position = start;
      const lines: string[] = [];
      let bytes = 0;
      let index = this.segments.findIndex((segment) => segment.seq >= position.segment);
      while (index >= 0 && index < this.segments.length) {
        const segment = this.segments[index] as Segment;
        if (segment.seq !== position.segment)
          position = { segment: segment.seq, offset: 0, line: 0 };
        if (lines.length < maxLines && bytes < maxBytes && position.offset < segment.completeSize) {
          const read = await readLines(
            segment.file,
            position.offset,
            segment.completeSize,
            maxLines - lines.length,
            maxBytes - bytes,
          );
          lines.push(...read.lines);
          bytes += read.bytes;
          position = {
            segment: segment.seq,
            offset: position.offset + read.bytes,
            line: position.line + read.lines.length,
          };
        }
        const finished =
          position.offset >= segment.completeSize && segment !== this.active?.segment;
        const next = this.segments[index + 1];
        if (!finished || !next) break;
        position = { segment: next.seq, offset: 0, line: 0 };
        index += 1;
        if (lines.length >= maxLines || bytes >= maxBytes) break;
      }
      if (lines.length > 0) return { lines, start, end: position };
      // Only skipped what a crash left (a partial line at a segment's end): move past it.
      if (comparePositions(position, this.cursor) > 0) {
        this.cursor = position;
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
        this.droppedPoints += this.linesBetween(from, batch.end);
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
      bufferedPoints: this.linesBetween(this.cursor, this.endPosition()),
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

  private endPosition(): LogPosition {
    const last = this.segments.at(-1);
    return last
      ? { segment: last.seq, offset: last.completeSize, line: last.lines }
      : { ...this.cursor };
  }

  /** Complete lines from `from` to `to`, counting only segments that still exist. */
  private linesBetween(from: LogPosition, to: LogPosition): number {
    if (comparePositions(to, from) <= 0) return 0;
    if (from.segment === to.segment) return to.line - from.line;
    let count = to.line;
    for (const segment of this.segments) {
      if (segment.seq === from.segment) count += segment.lines - from.line;
      else if (segment.seq > from.segment && segment.seq < to.segment) count += segment.lines;
    }
    return count;
  }

  /** After a crash or a hand-edited state, point the cursor at data that exists. */
  private repairCursor(): void {
    const current = this.segments.find((segment) => segment.seq === this.cursor.segment);
    if (current) {
      if (this.cursor.offset > current.completeSize || this.cursor.line > current.lines) {
        this.cursor = { segment: current.seq, offset: current.completeSize, line: current.lines };
      }
      return;
    }
    const later = this.segments.find((segment) => segment.seq > this.cursor.segment);
    this.cursor = { segment: later?.seq ?? this.nextSeq, offset: 0, line: 0 };
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
    const seq = this.nextSeq;
    this.nextSeq += 1;
    const file = path.join(this.dir, segmentFileName(seq));
    const fd = openSync(file, 'a', 0o600);
    const at = this.now();
    const segment: Segment = {
      seq,
      file,
      size: 0,
      completeSize: 0,
      lines: 0,
      modifiedMs: at,
      createdMs: at,
    };
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
