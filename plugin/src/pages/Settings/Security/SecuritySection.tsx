import React from 'react';
import type { Passkey, TwoFactor } from '../../../api/client';
import type { RequestState } from '../../../api/hooks';
import { Section } from '../../../components/Section/Section';
import { testIds } from '../../../testIds';
import type { SecondFactorMethods } from '../../../utils/second-factor';
import { EmailChangePart } from './EmailChangePart';
import { PasskeysPart } from './PasskeysPart';
import { SecurityLogPart } from './SecurityLogPart';
import { TokensPart } from './TokensPart';
import { TwoFactorPart } from './TwoFactorPart';

interface Props {
  twoFactor: RequestState<TwoFactor>;
  passkeys: RequestState<{ passkeys: Passkey[] }>;
  methods: SecondFactorMethods;
}

/**
 * How the account is secured, one part after another (each a `SecurityPart`): two-factor
 * authentication, passkeys, the account's address, API tokens and the security log.
 */
export function SecuritySection({ twoFactor, passkeys, methods }: Props) {
  return (
    <Section
      variant="card"
      testId={testIds.settings.security}
      title="Security"
      description="What proves it is you when you sign in or change something that matters."
    >
      <TwoFactorPart twoFactor={twoFactor} methods={methods} />
      <PasskeysPart passkeys={passkeys} methods={methods} />
      <EmailChangePart methods={methods} />
      <TokensPart methods={methods} />
      <SecurityLogPart />
    </Section>
  );
}
