import type { LogPosition } from './log-state.js';

/** The newest lines kept in memory, at most this many bytes (a long outage reads the files). */
const MAX_BYTES = 1024 * 1024;

/**
 * The lines appended to the active segment by this process, kept in memory so that sending
 * them reads no file: in the steady state every line is sent from here, while the segment
 * files are only the copy that survives a crash. Holds a contiguous run that ends at the
 * segment's end; the oldest lines go once acknowledged or over the byte bound.
 */
export class RecentLines {
  private seq = -1;
  /** Position of `lines[head]`. */
  private offset = 0;
  private line = 0;
  private lines: string[] = [];
  private sizes: number[] = [];
  private head = 0;
  private bytes = 0;

  /** Lines appended at `at` (the segment's end before them), each `sizes[i]` bytes with its newline. */
  appended(at: LogPosition, lines: readonly string[], sizes: readonly number[]): void {
    const held = this.lines.length - this.head;
    if (
      at.segment !== this.seq ||
      at.line !== this.line + held ||
      at.offset !== this.offset + this.bytes
    ) {
      this.reset(at);
    }
    for (let i = 0; i < lines.length; i += 1) {
      this.lines.push(lines[i] as string);
      this.sizes.push(sizes[i] as number);
      this.bytes += sizes[i] as number;
    }
    while (this.bytes > MAX_BYTES && this.head < this.lines.length) this.dropOldest();
    this.compact();
  }

  /** Forgets what comes before `cursor` (acknowledged or dropped). */
  release(cursor: LogPosition): void {
    if (cursor.segment !== this.seq) {
      if (cursor.segment > this.seq) this.reset(cursor, -1);
      return;
    }
    while (this.head < this.lines.length && this.line < cursor.line) this.dropOldest();
    this.compact();
  }

  /**
   * The lines from `from` on, as the log's readBatch returns them (at most `maxLines`, at most
   * `maxBytes` unless the first line alone is longer); undefined when `from` is not held here.
   */
  read(
    from: LogPosition,
    maxLines: number,
    maxBytes: number,
  ): { lines: string[]; end: LogPosition } | undefined {
    const held = this.lines.length - this.head;
    const index = from.line - this.line;
    if (from.segment !== this.seq || index < 0 || index > held) return undefined;
    let offset = this.offset;
    for (let i = this.head; i < this.head + index; i += 1) offset += this.sizes[i] as number;
    if (offset !== from.offset) return undefined;
    const lines: string[] = [];
    let bytes = 0;
    for (let i = this.head + index; i < this.lines.length && lines.length < maxLines; i += 1) {
      const size = this.sizes[i] as number;
      if (lines.length > 0 && bytes + size > maxBytes) break;
      lines.push(this.lines[i] as string);
      bytes += size;
    }
    return {
      lines,
      end: { segment: this.seq, offset: from.offset + bytes, line: from.line + lines.length },
    };
  }

  private reset(at: LogPosition, seq = at.segment): void {
    this.seq = seq;
    this.offset = at.offset;
    this.line = at.line;
    this.lines = [];
    this.sizes = [];
    this.head = 0;
    this.bytes = 0;
  }

  private dropOldest(): void {
    const size = this.sizes[this.head] as number;
    this.offset += size;
    this.line += 1;
    this.bytes -= size;
    this.head += 1;
  }

  /** Drops the released slots once they are half the arrays (amortised O(1) per line). */
  private compact(): void {
    if (this.head === 0 || this.head * 2 < this.lines.length) return;
    this.lines = this.lines.slice(this.head);
    this.sizes = this.sizes.slice(this.head);
    this.head = 0;
  }
}
