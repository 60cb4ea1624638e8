import type { Config, Retention } from '../config.js';
import type { InfluxSeries, QueryOptions } from './influx-client.js';

/**
 * The rollups' retention policies. On InfluxDB 1.x the API creates them in the database; on 2.x
 * they are DBRP mappings of the same names onto buckets, on 3 databases `<db>/<rp>` (see
 * docs/metrics.md). Measurements keep their names (`gpu`, `host`, `service`); each field `f` of
 * the raw series becomes `f_mean`, `f_max` and `f_last` (strings: `f_last` only).
 */
export const ROLLUP_POLICIES = {
  oneMinute: { name: 'rollup_1m', windowS: 60, shardDays: 7 },
  oneHour: { name: 'rollup_1h', windowS: 3600, shardDays: 30 },
} as const;

type Query = (influxql: string, options?: QueryOptions) => Promise<InfluxSeries[]>;

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Shard groups as long as `days` when the policy keeps at least two of them (a rollup's queries
 * span weeks or months: fewer shards to open), else InfluxDB's own choice.
 */
function shardDuration(retention: Retention, days?: number): string {
  if (days && retention.seconds >= 2 * days * 86_400) return `${days}d`;
  if (retention.seconds < 2 * 86_400) return '1h';
  if (retention.seconds <= 180 * 86_400) return '1d';
  return '7d';
}

/** A Go duration as SHOW RETENTION POLICIES prints it (`168h0m0s`; `0s` is forever), in s. */
export function goDurationSeconds(text: string): number {
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)) {
    seconds += Number(amount) * { h: 3600, m: 60, s: 1 }[unit as 'h' | 'm' | 's'];
  }
  return seconds === 0 ? Number.POSITIVE_INFINITY : seconds;
}

type Policy = { name: string; durationS: number; isDefault: boolean };

async function policiesOf(query: Query, db: string): Promise<Policy[]> {
  const [series] = await query(`SHOW RETENTION POLICIES ON ${quoteIdentifier(db)}`);
  if (!series) return [];
  const column = (name: string) => series.columns.indexOf(name);
  return series.values.map((row) => ({
    name: String(row[column('name')]),
    durationS: goDurationSeconds(String(row[column('duration')])),
    // JSON gives a boolean, which InfluxSeries does not type.
    isDefault: String(row[column('default')]) === 'true',
  }));
}

/**
 * InfluxDB 1.x: gives the raw policy (INFLUX_RP, else the database's default) and the rollup
 * policies their configured durations, creating what is missing. Idempotent: a policy that
 * already has its duration is left alone. Shortening a policy drops what is older at once.
 */
export async function ensureRetentionPolicies(
  query: Query,
  influx: Pick<Config['influx'], 'db' | 'retentionPolicy' | 'retention' | 'rollups'>,
): Promise<void> {
  const on = `ON ${quoteIdentifier(influx.db)}`;
  const existing = await policiesOf(query, influx.db);
  const rawName = influx.retentionPolicy ?? existing.find((policy) => policy.isDefault)?.name;
  const wanted: { name: string; retention: Retention; isDefault: boolean; shardDays?: number }[] =
    [];
  if (rawName) wanted.push({ name: rawName, retention: influx.retention.raw, isDefault: true });
  if (influx.rollups) {
    for (const [key, { name, shardDays }] of Object.entries(ROLLUP_POLICIES)) {
      const retention = influx.retention[key as keyof typeof ROLLUP_POLICIES];
      wanted.push({ name, retention, isDefault: false, shardDays });
    }
  }
  for (const { name, retention, isDefault, shardDays } of wanted) {
    const current = existing.find((policy) => policy.name === name);
    const spec = `DURATION ${retention.influxql} REPLICATION 1 SHARD DURATION ${shardDuration(retention, shardDays)}`;
    if (!current) {
      await query(
        `CREATE RETENTION POLICY ${quoteIdentifier(name)} ${on} ${spec}${isDefault ? ' DEFAULT' : ''}`,
      );
    } else if (current.durationS !== retention.seconds) {
      await query(`ALTER RETENTION POLICY ${quoteIdentifier(name)} ${on} ${spec}`);
    }
  }
}
