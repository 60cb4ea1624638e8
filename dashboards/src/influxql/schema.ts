/**
 * The line-protocol schema the dashboards read (CONTRACT §3): measurement → tags and fields with
 * their stored types. Flags are 0/1 integers because InfluxQL cannot aggregate booleans.
 */
export const MEASUREMENTS = {
  gpu: {
    tags: ['device', 'gpu', 'uuid', 'model'],
    fields: {
      temperature_c: 'float',
      power_w: 'float',
      power_limit_w: 'float',
      utilization_pct: 'float',
      memory_used_mib: 'float',
      memory_total_mib: 'float',
      fan_pct: 'float',
      sm_clock_mhz: 'float',
      mem_clock_mhz: 'float',
      throttled: 'int',
      ecc_errors: 'int',
      xid_errors: 'int',
    },
  },
  host: {
    tags: ['device'],
    fields: {
      uptime_s: 'float',
      cpu_pct: 'float',
      mem_used_mib: 'float',
      mem_total_mib: 'float',
      interval_s: 'float',
      collect_ms: 'float',
      rx_bytes: 'int',
      tx_bytes: 'int',
      buffered_points: 'int',
      dropped_points: 'int',
      agent_version: 'string',
    },
  },
  service: {
    tags: ['device', 'name'],
    fields: { up: 'int' },
  },
} as const;

export type Measurement = keyof typeof MEASUREMENTS;
export type FieldOf<M extends Measurement> = keyof (typeof MEASUREMENTS)[M]['fields'] & string;
export type TagOf<M extends Measurement> = (typeof MEASUREMENTS)[M]['tags'][number];
