import { PERSONAL_TOKEN_PREFIX } from './personal-tokens.js';
import type { TokenRow } from './tokens.queries.js';

export function toToken(row: TokenRow) {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    preview: `${PERSONAL_TOKEN_PREFIX}…${row.last_four}`,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}
