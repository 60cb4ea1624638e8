import { FLEET_TOKEN_PREFIX } from '@ioworker/contract';
import type { FleetTokenRow } from './fleet-tokens.queries.js';

export function toFleetToken(row: FleetTokenRow) {
  return {
    id: row.id,
    name: row.name,
    preview: `${FLEET_TOKEN_PREFIX}…${row.last_four}`,
    maxDevices: row.max_devices,
    usedDevices: Number(row.used_devices),
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}
