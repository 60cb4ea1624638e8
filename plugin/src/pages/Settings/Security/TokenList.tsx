import React from 'react';
import { Badge } from '@grafana/ui';
import type { PersonalToken } from '../../../api/client';
import { useMe } from '../../../api/SessionContext';
import { CredentialList } from '../../../components/DataList/CredentialList';
import { formatAgo, formatDateTime } from '../../../utils/format';

interface Props {
  tokens: PersonalToken[];
  onRevoke: (token: PersonalToken) => void;
}

/** The account's API tokens, newest first, told apart by name and their last characters. */
export function TokenList({ tokens, onRevoke }: Props) {
  const { timezone } = useMe().settings;
  const rows = tokens.map((token) => ({
    id: token.id,
    onAction: () => onRevoke(token),
    name: token.name,
    badge:
      token.scope === 'write' ? (
        <Badge color="orange" text="Read and write" />
      ) : (
        <Badge color="blue" text="Read only" />
      ),
    preview: token.preview,
    details: `Created ${formatDateTime(token.createdAt, timezone)} · ${
      token.expiresAt ? `expires ${formatDateTime(token.expiresAt, timezone)}` : 'never expires'
    } · ${token.lastUsedAt ? `last used ${formatAgo(token.lastUsedAt)}` : 'not used yet'}`,
  }));
  return <CredentialList label="API tokens" rows={rows} action="Revoke" />;
}
