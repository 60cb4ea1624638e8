import React from 'react';
import { AccountCard } from './AccountCard';
import { Outcome } from './Outcome';

/** A mailed link without its token: mail clients sometimes break long links in two. */
export function IncompleteLink({ title }: { title: string }) {
  return (
    <AccountCard title={title}>
      <Outcome severity="error" title="This link is incomplete">
        Open the whole link from the mail, or copy all of it into the address bar.
      </Outcome>
    </AccountCard>
  );
}
