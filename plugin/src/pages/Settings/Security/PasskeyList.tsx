import React from 'react';
import type { Passkey } from '../../../api/client';
import { useMe } from '../../../api/SessionContext';
import { CredentialList } from '../../../components/DataList/CredentialList';
import { formatAgo, formatDateTime } from '../../../utils/format';

interface Props {
  passkeys: Passkey[];
  onRemove: (passkey: Passkey) => void;
}

/** The account's passkeys, newest first, each with when it was added and last used. */
export function PasskeyList({ passkeys, onRemove }: Props) {
  const { timezone } = useMe().settings;
  const rows = passkeys.map((passkey) => ({
    id: passkey.id,
    onAction: () => onRemove(passkey),
    name: passkey.name,
    details: `Added ${formatDateTime(passkey.createdAt, timezone)} · ${
      passkey.lastUsedAt ? `last used ${formatAgo(passkey.lastUsedAt)}` : 'not used yet'
    }`,
  }));
  return <CredentialList label="Passkeys" rows={rows} action="Remove" />;
}
