import type { Logger } from '../lib/logger.js';

const MIB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

export type DiskLogOptions = {
  dir: string;
  /** Bound on the segment files together (default 100 MiB); the oldest go first. */
  maxBytes?: number;
  /** Segments last written longer ago are dropped (default 7 days, the API's horizon). */
  maxAgeMs?: number;
  /** A new segment starts after this many bytes (default maxBytes/16, 64 KiB–8 MiB)… */
  segmentBytes?: number;
  /** …or after this long (default 1 hour), so the age bound drops little at a time. */
  segmentAgeMs?: number;
  /** Flush appends and acknowledgements to the disk (default true)… */
  durable?: boolean;
  /**
   * …at most this often (default 10 s, Telegraf's flush interval; 0: at every append), when
   * the acknowledged position is saved too: a power cut loses at most the appends of this
   * window, and a crash resends at most the lines acknowledged in it. A killed process loses
   * no append either way.
   */
  commitEveryMs?: number;
  now?: () => number;
  logger?: Logger;
};

export type DiskLogLimits = Required<
  Pick<
    DiskLogOptions,
    'maxBytes' | 'maxAgeMs' | 'segmentBytes' | 'segmentAgeMs' | 'durable' | 'commitEveryMs'
  >
>;

export function resolveLimits(options: DiskLogOptions): DiskLogLimits {
  const maxBytes = options.maxBytes ?? 100 * MIB;
  return {
    maxBytes,
    maxAgeMs: options.maxAgeMs ?? 7 * DAY_MS,
    segmentBytes:
      options.segmentBytes ?? Math.min(8 * MIB, Math.max(64 * 1024, Math.floor(maxBytes / 16))),
    segmentAgeMs: options.segmentAgeMs ?? 60 * 60 * 1000,
    durable: options.durable ?? true,
    commitEveryMs: options.commitEveryMs ?? 10_000,
  };
}
