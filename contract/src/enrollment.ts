/** Fleet enrollment (§9): the limits the API enforces, the app offers and the collector checks. */

/** A fleet token says what it is (secret scanners and people both recognise it). */
export const FLEET_TOKEN_PREFIX = 'iowf_';
export const FLEET_TOKEN_MAX_DEVICES = 10_000;
export const FLEET_TOKEN_MAX_EXPIRY_DAYS = 365;

/**
 * A machine id: /etc/machine-id (32 hex digits), Windows' MachineGuid (a UUID), or another
 * platform's id of 8 to 128 letters, digits, `.`, `_`, `:` or `-`. Compared without case.
 */
export const MACHINE_ID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._:-]{7,127}$/;
