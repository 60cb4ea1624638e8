import React, { useState } from 'react';
import { unwrap, type ApiClient, type TwoFactor } from '../../../api/client';
import type { RequestState } from '../../../api/hooks';
import { testIds } from '../../../testIds';
import type { SecondFactorMethods } from '../../../utils/second-factor';
import { SuccessNotice } from '../SuccessNotice';
import { PasswordAndCodeForm, type PasswordAndCode } from './PasswordAndCodeForm';
import { RecoveryCodes } from './RecoveryCodes';
import { SecurityPart } from './SecurityPart';
import { TotpSetup, type TotpKey } from './TotpSetup';
import { TwoFactorStatus } from './TwoFactorStatus';

const startTotp = (client: ApiClient, json: PasswordAndCode) =>
  unwrap(client.v1.me['2fa'].totp.$post({ json }));

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const turnOff = async (client: ApiClient, json: PasswordAndCode) => {
  await unwrap(client.v1.me['2fa'].totp.$delete({ json }));
  return true;
};

const newRecoveryCodes = (client: ApiClient, json: PasswordAndCode) =>
  unwrap(client.v1.me['2fa']['recovery-codes'].$post({ json }));

type View =
  | { name: 'status' }
  | { name: 'start' }
  | { name: 'set-up'; totpKey: TotpKey }
  | { name: 'codes'; codes: string[] }
  | { name: 'turn-off' }
  | { name: 'new-codes' };

interface Props {
  twoFactor: RequestState<TwoFactor>;
  methods: SecondFactorMethods;
}

/** TOTP: set up with a QR code, recovery codes, and turning it off. */
export function TwoFactorPart({ twoFactor, methods }: Props) {
  const [view, setView] = useState<View>({ name: 'status' });
  const [notice, setNotice] = useState<string>();
  const showStatus = () => setView({ name: 'status' });

  function render() {
    switch (view.name) {
      case 'start':
        return (
          // The password first: a stolen session must not lock the owner out.
          <PasswordAndCodeForm
            id="settings-totp-start"
            submitLabel="Continue"
            methods={methods}
            action={startTotp}
            onCancel={showStatus}
            onDone={(totpKey) => setView({ name: 'set-up', totpKey })}
          >
            <p>Confirm it is you before an authenticator app is added.</p>
          </PasswordAndCodeForm>
        );
      case 'set-up':
        return (
          <TotpSetup
            totpKey={view.totpKey}
            onCancel={showStatus}
            onConfirmed={(codes) => {
              twoFactor.setData(() => ({ totp: true, recoveryCodesLeft: codes.length }));
              setView({ name: 'codes', codes });
            }}
          />
        );
      case 'codes':
        return <RecoveryCodes codes={view.codes} onDone={showStatus} />;
      case 'turn-off':
        return (
          <PasswordAndCodeForm
            id="settings-totp-off"
            submitLabel="Turn off"
            destructive
            methods={methods}
            action={turnOff}
            onCancel={showStatus}
            onDone={() => {
              twoFactor.setData(() => ({ totp: false, recoveryCodesLeft: 0 }));
              setNotice(
                methods.passkey
                  ? 'The authenticator app is off and your recovery codes no longer work; your passkeys still confirm sign-ins.'
                  : 'Two-factor authentication is off; your recovery codes no longer work.',
              );
              showStatus();
            }}
          >
            <p>
              {methods.passkey
                ? 'Signing in will ask for one of your passkeys after the password.'
                : 'Signing in will ask for your password only.'}
            </p>
          </PasswordAndCodeForm>
        );
      case 'new-codes':
        return (
          <PasswordAndCodeForm
            id="settings-new-codes"
            submitLabel="Create new codes"
            methods={methods}
            action={newRecoveryCodes}
            onCancel={showStatus}
            onDone={({ recoveryCodes }) => {
              twoFactor.setData(() => ({ totp: true, recoveryCodesLeft: recoveryCodes.length }));
              setView({ name: 'codes', codes: recoveryCodes });
            }}
          >
            <p>Ten new codes replace the ones you have; the old ones stop working.</p>
          </PasswordAndCodeForm>
        );
      case 'status':
        return (
          <TwoFactorStatus
            twoFactor={twoFactor}
            onSetUp={() => {
              setNotice(undefined);
              setView({ name: 'start' });
            }}
            onNewCodes={() => setView({ name: 'new-codes' })}
            onTurnOff={() => setView({ name: 'turn-off' })}
          />
        );
    }
  }

  return (
    <SecurityPart
      title="Two-factor authentication"
      description="Signing in and sensitive changes also ask for a code from an app on your phone."
      testId={testIds.settings.twoFactor}
    >
      {notice && (
        <SuccessNotice title="Turned off" onRemove={() => setNotice(undefined)}>
          {notice}
        </SuccessNotice>
      )}
      {render()}
    </SecurityPart>
  );
}
