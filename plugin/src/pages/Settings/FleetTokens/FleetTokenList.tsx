import React from 'react';
import { Badge } from '@grafana/ui';
import { useMe } from '../../../api/SessionContext';
import { CredentialList } from '../../../components/DataList/CredentialList';
import type { FleetToken } from '../../../components/FleetToken/fleet-token';
import { formatDateTime } from '../../../utils/format';

interface Props {
  tokens: FleetToken[];
  now: number;
  onRevoke: (token: FleetToken) => void;
}

function stateBadge(token: FleetToken, now: number) {
  if (Date.parse(token.expiresAt) <= now) return <Badge color="red" text="Expired" />;
  if (token.usedDevices >= token.maxDevices) return <Badge color="orange" text="Full" />;
  return <Badge color="green" text="Active" />;
}

/** The account's fleet tokens, newest first: how many machines each enrolled, and until when. */
export function FleetTokenList({ tokens, now, onRevoke }: Props) {
  const { timezone } = useMe().settings;
  const rows = tokens.map((token) => ({
    id: token.id,
    onAction: () => onRevoke(token),
    name: token.name,
    badge: stateBadge(token, now),
    preview: token.preview,
    details: `${token.usedDevices} of ${token.maxDevices} machines · ${
      Date.parse(token.expiresAt) <= now ? 'expired' : 'expires'
    } ${formatDateTime(token.expiresAt, timezone)}`,
  }));
  return <CredentialList label="Fleet tokens" rows={rows} action="Revoke" />;
}
