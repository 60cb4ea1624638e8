import type { ChannelRow } from './channels.queries.js';

export function toChannel(row: ChannelRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    target: row.target_masked,
    enabled: row.enabled,
    verified: row.verified,
    lastDelivery:
      row.last_delivery_at && row.last_delivery_ok !== null
        ? {
            at: row.last_delivery_at.toISOString(),
            ok: row.last_delivery_ok,
            error: row.last_delivery_error,
          }
        : null,
    createdAt: row.created_at.toISOString(),
  };
}
