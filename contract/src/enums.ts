/** The values each layer shares: the database checks them, the API validates them, the app shows them. */

/** A device's connection: `pending` until it first reports, then online or offline. */
export const DEVICE_STATUSES = ['pending', 'online', 'offline'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/**
 * What a supplier acts on, beside the connection: `paused` by its owner (kept off new jobs),
 * `maintenance` (alerts muted), `busy` running a job, `idle` online without one, `inactive`
 * offline for more than five days. In that order of precedence; none while pending, or offline
 * for less than five days.
 */
export const DEVICE_STATES = ['paused', 'maintenance', 'busy', 'idle', 'inactive'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

/** A job's life as the orchestrator reports it; the last three are final. */
export const JOB_STATUSES = ['assigned', 'running', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_JOB_STATUSES = ['completed', 'failed', 'cancelled'] as const;
export type TerminalJobStatus = (typeof TERMINAL_JOB_STATUSES)[number];

export function isTerminalJobStatus(status: JobStatus): status is TerminalJobStatus {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

export const NOTIFICATION_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type NotificationSeverity = (typeof NOTIFICATION_SEVERITIES)[number];

/** What a personal API token (`iowp_…`) may do: `read` opens only GET routes. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
