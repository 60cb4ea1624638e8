import type pg from 'pg';

/**
 * The worker's leadership: a session-level advisory lock on one connection of its own, which
 * PostgreSQL releases the moment that connection ends (a worker killed, its host gone).
 */
export async function tryTakeLeadership(client: pg.Client): Promise<boolean> {
  const result = await client.query<{ taken: boolean }>(
    `SELECT pg_try_advisory_lock(hashtext('io-worker:worker-leader')) AS taken`,
  );
  return result.rows[0]?.taken === true;
}

/** Whether the leadership's connection still answers. */
export async function pingLeadership(client: pg.Client): Promise<void> {
  await client.query('SELECT 1');
}
