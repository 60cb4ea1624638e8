import React from 'react';
import type { TwoFactor } from '../../../api/client';
import type { RequestState } from '../../../api/hooks';
import { Section } from '../../../components/Section/Section';
import { testIds } from '../../../testIds';
import { EmailChangePart } from './EmailChangePart';
import { TwoFactorPart } from './TwoFactorPart';

/**
 * How the account is secured, one part after another (each a `SecurityPart`): two-factor
 * authentication and the account's address.
 */
export function SecuritySection({ twoFactor }: { twoFactor: RequestState<TwoFactor> }) {
  return (
    <Section
      variant="card"
      testId={testIds.settings.security}
      title="Security"
      description="What proves it is you when you sign in or change something that matters."
    >
      <TwoFactorPart twoFactor={twoFactor} />
      <EmailChangePart twoFactorOn={twoFactor.data?.totp ?? false} />
    </Section>
  );
}
