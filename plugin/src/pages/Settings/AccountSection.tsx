import React, { useState } from 'react';
import { Button } from '@grafana/ui';
import { useMe, useSession } from '../../api/SessionContext';
import { Section } from '../../components/Section/Section';
import { formatDateTime } from '../../utils/format';

/** Who is signed in, and signing out of this browser. */
export function AccountSection() {
  const me = useMe();
  const { signOut } = useSession();
  const [pending, setPending] = useState(false);
  return (
    <Section
      variant="card"
      title={me.email}
      description={`Account created ${formatDateTime(me.createdAt, me.settings.timezone)}.`}
      actions={
        <Button
          variant="secondary"
          icon={pending ? 'spinner' : 'signout'}
          disabled={pending}
          onClick={() => {
            setPending(true);
            void signOut();
          }}
        >
          Sign out
        </Button>
      }
    />
  );
}
