import pg from 'pg';
import type { Logger } from '../../lib/logger.js';
import { pingLeadership, tryTakeLeadership } from './leadership.queries.js';

export type Leadership = {
  /** Whether this process leads now. */
  leads(): boolean;
  /** Stops what it leads and lets go. */
  stop(): Promise<void>;
};

export type LeadershipOptions = {
  databaseUrl: string;
  logger: Logger;
  /** Starts what only the leader runs; returns how to stop it. */
  lead: () => Promise<() => Promise<void>>;
  /** How often a follower tries to take over, and the leader checks its connection. */
  checkMs?: number;
};

/**
 * Runs `lead` in one process of all that call this on one database: the one holding the
 * advisory lock (leadership.queries.ts). The others try again every `checkMs`, so when the
 * leader dies another takes over within that; a leader whose connection fails stops leading.
 * What the leader runs must stay safe to run twice for a moment (a leader cut off from the
 * database may not know it yet): payouts hold their own lock on every run.
 */
export function holdLeadership(options: LeadershipOptions): Leadership {
  const { databaseUrl, logger, lead, checkMs = 5000 } = options;
  let stopped = false;
  let client: pg.Client | undefined;
  let stopLeading: (() => Promise<void>) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let turn: Promise<void> = Promise.resolve();

  async function letGo(reason: string): Promise<void> {
    if (stopLeading) {
      logger.warn({ reason }, 'this worker no longer leads');
      const stop = stopLeading;
      stopLeading = undefined;
      await stop();
    }
    const ending = client;
    client = undefined;
    await ending?.end().catch(() => undefined);
  }

  async function takeOver(): Promise<void> {
    const connection = new pg.Client({ connectionString: databaseUrl, keepAlive: true });
    connection.on('error', () => undefined);
    client = connection;
    await connection.connect();
    if (!(await tryTakeLeadership(connection))) {
      await letGo('another worker leads');
      return;
    }
    logger.info('this worker leads: it runs payouts and every scheduled job');
    stopLeading = await lead();
  }

  async function check(): Promise<void> {
    try {
      if (stopLeading && client) await pingLeadership(client);
      else await takeOver();
    } catch (error) {
      await letGo((error as Error).message);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      turn = check().finally(schedule);
    }, checkMs);
    timer.unref();
  }

  turn = check().finally(schedule);
  return {
    leads: () => stopLeading !== undefined,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await turn;
      await letGo('stopping');
    },
  };
}
