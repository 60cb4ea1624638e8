// The tables of devices: enrollment, latest state, uptime, energy and metric rollups.
import type { DeviceStatus } from '@ioworker/contract';
import type { ColumnType, Generated } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from '../columns.js';

export type StoredGpu = { index: number; uuid?: string; model: string; memoryTotalMiB: number };
/** A GPU series' tags besides `device`: index, uuid and model ('' where a line had none). */
export type GpuTagSet = [gpu: string, uuid: string, model: string];

export type DevicesTable = {
  id: Generated<string>;
  account_id: string;
  name: string;
  os: 'ubuntu' | 'windows';
  hostname: string | null;
  host_os: string | null;
  gpus: ColumnType<StoredGpu[], string | undefined, string>;
  credential_hash: string | null;
  enrolled_at: Timestamp | null;
  last_seen_at: Timestamp | null;
  interval_s: ColumnType<number, number | undefined, number>;
  created_at: DefaultedTimestamp;
  deleted_at: Timestamp | null;
  reported_status: ColumnType<DeviceStatus, DeviceStatus | undefined, DeviceStatus>;
  latest: ColumnType<LatestSample | null, string | null | undefined, string | null>;
  dropped_fields: ColumnType<string | number, never, string | number>;
  /** Maintenance: no alerts for the device until then. */
  muted_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Paused by its owner since then: off the orchestrator's schedulable list (migration 0016). */
  paused_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Its series budget: every GPU tag set and service name it has written. */
  gpu_tag_sets: ColumnType<GpuTagSet[], string | undefined, string>;
  service_names: ColumnType<string[], string | undefined, string>;
  /** Per GPU, where its energy integral stands (features/energy). */
  energy_cursor: ColumnType<EnergyCursor, string | undefined, string>;
  /** The earliest sample time whose hours wait for a recompute from InfluxDB. */
  energy_stale_from: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Set when a fleet token enrolled it: its machine's id, unique per account (migration 0018). */
  machine_id: ColumnType<string | null, string | null | undefined, string | null>;
  fleet_token_id: ColumnType<string | null, string | null | undefined, string | null>;
};

/** A GPU's last integrated power sample (`t` ms, `w` W) and energy counter reading (mJ). */
export type GpuCursor = { t?: number; w?: number; mjT?: number; mj?: number };
export type EnergyCursor = Record<string, GpuCursor>;

/** Energy and coverage of a device in one UTC hour (migration 0014). */
export type DeviceEnergyHoursTable = {
  device_id: string;
  hour: Timestamp;
  energy_wh: number;
  counter_wh: number;
  covered_s: number;
  busy_s: number;
  samples: number;
  gpus: number;
};

/** The newest reading of a device, kept as samples arrive so reads never query InfluxDB for it. */
export type LatestSample = {
  at: string;
  gpus: {
    index: number;
    temperatureC?: number;
    powerW?: number;
    powerLimitW?: number;
    utilizationPct?: number;
    memoryUsedMiB?: number;
    fanPct?: number;
    throttled?: boolean;
    /** Counters: uncorrected ECC errors (volatile) and Xid errors since boot. */
    eccErrors?: number;
    xidErrors?: number;
  }[];
  host?: {
    at: string;
    uptimeS?: number;
    cpuPct?: number;
    rxBytes?: number;
    txBytes?: number;
    rxBytesPerSec?: number;
    txBytesPerSec?: number;
    agentVersion?: string;
  };
  services: { name: string; up: boolean; checkedAt: string }[];
};

/** Multi-use enrollment tokens for many machines (migration 0018); revoking deletes the row. */
export type FleetTokensTable = {
  id: Generated<string>;
  account_id: string;
  name: string;
  token_hash: string;
  /** The token's last four characters, to tell tokens apart; not enough to guess one. */
  last_four: string;
  max_devices: number;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
};

export type EnrollmentTokensTable = {
  id: Generated<string>;
  device_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: DefaultedTimestamp;
};

export type DeviceUptimeDaysTable = {
  device_id: string;
  day: ColumnType<string, string, string>;
  covered_seconds: ColumnType<number, number | undefined, number>;
};

/** Per rollup policy, the end of the windows computed so far (migration 0015). */
export type MetricRollupWatermarksTable = {
  policy: string;
  computed_until: Timestamp;
};

/** A device whose windows from `stale_from` on are computed again (late samples). */
export type MetricRollupStaleDevicesTable = {
  device_id: string;
  stale_from: Timestamp;
  marks: ColumnType<number, number | undefined, number>;
};
