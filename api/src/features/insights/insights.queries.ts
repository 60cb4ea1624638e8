import { sql } from 'kysely';
import type { EpisodeState, Executor } from '../../db/database.js';
import type { RuleRow } from '../alert-evaluation/alert-evaluation.queries.js';

/** A device counts in its model's cohort only with at least this much use in the window. */
export const MIN_GPU_HOURS = 1;

export type DeviceRate = {
  device_id: string;
  name: string;
  model: string;
  gpu_hours: number;
  per_gpu_hour: number;
};

export type OpenEpisode = { deviceId: string; state: EpisodeState; since: Date };

export type CohortRow = { model: string; median: number; accounts: number; devices: number };

/**
 * Each device's job credits per GPU-hour since `from`, with its GPU model: devices of one model
 * only (a mixed box's credits cannot be split by model), with at least MIN_GPU_HOURS. Both sums
 * go through the devices' primary keys (`(device_id, hour)`, `(account_id, device_id, hour,
 * kind)`), so the cost grows with the devices and the window, not with the tables' history.
 */
function deviceRates(from: Date, accountId: string | undefined) {
  const ofAccount = accountId === undefined ? sql`` : sql`AND d.account_id = ${accountId}`;
  return sql`
    SELECT d.id AS device_id, d.name, d.account_id, m.model, use.gpu_hours,
           (coalesce(earned.lamports, 0) / use.gpu_hours)::float8 AS per_gpu_hour
    FROM devices d
    CROSS JOIN LATERAL (
      SELECT min(g->>'model') AS model FROM jsonb_array_elements(d.gpus) g
      HAVING count(DISTINCT g->>'model') = 1) m
    CROSS JOIN LATERAL (
      SELECT (sum(e.gpus * e.covered_s) / 3600)::float8 AS gpu_hours
      FROM device_energy_hours e WHERE e.device_id = d.id AND e.hour >= ${from}) use
    LEFT JOIN LATERAL (
      SELECT sum(l.amount_lamports)::numeric AS lamports
      FROM ledger_device_hours l
      WHERE l.account_id = d.account_id AND l.device_id = d.id
        AND l.hour >= ${from} AND l.kind = 'job') earned ON true
    WHERE d.deleted_at IS NULL ${ofAccount} AND use.gpu_hours >= ${MIN_GPU_HOURS}`;
}

/**
 * Per GPU model, the median of every device's credits per GPU-hour across the platform, for
 * the models that at least `minAccounts` accounts run: aggregates only, never a device.
 */
export async function cohortMedians(
  db: Executor,
  from: Date,
  minAccounts: number,
): Promise<CohortRow[]> {
  const { rows } = await sql<CohortRow>`
    WITH rates AS (${deviceRates(from, undefined)})
    SELECT model,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY per_gpu_hour) AS median,
           count(DISTINCT account_id)::int AS accounts,
           count(*)::int AS devices
    FROM rates GROUP BY model
    HAVING count(DISTINCT account_id) >= ${minAccounts}`.execute(db);
  return rows;
}

/** The account's own devices' credits per GPU-hour since `from`, with their model. */
export async function accountDeviceRates(
  db: Executor,
  accountId: string,
  from: Date,
): Promise<DeviceRate[]> {
  const { rows } = await sql<DeviceRate>`${deviceRates(from, accountId)}`.execute(db);
  return rows;
}

/** The account's stored rules and overrides of `events`. */
export function accountRulesOf(
  db: Executor,
  accountId: string,
  events: readonly string[],
): Promise<RuleRow[]> {
  return db
    .selectFrom('notification_rules')
    .select(['account_id', 'device_id', 'event', 'enabled', 'channel_ids', 'params'])
    .where('account_id', '=', accountId)
    .where('event', 'in', events)
    .execute();
}

/** How long the evaluator has seen `event` hold on the account's devices: its open episodes. */
export async function openEpisodes(
  db: Executor,
  accountId: string,
  event: string,
): Promise<OpenEpisode[]> {
  const rows = await db
    .selectFrom('alert_episodes')
    .select(['device_id', 'state', 'since'])
    .where('account_id', '=', accountId)
    .where('event', '=', event)
    .where('state', 'in', ['pending', 'firing'])
    .execute();
  return rows.map((row) => ({ deviceId: row.device_id, state: row.state, since: row.since }));
}
