import React, { useEffect, useState } from 'react';
import { unwrap, type ApiClient, type TwoFactor } from '../../../api/client';
import { useAction, type RequestState } from '../../../api/hooks';
import { testIds } from '../../../testIds';
import { SuccessNotice } from '../SuccessNotice';
import { PasswordAndCodeForm, type PasswordAndCode } from './PasswordAndCodeForm';
import { RecoveryCodes } from './RecoveryCodes';
import { SecurityPart } from './SecurityPart';
import { TotpSetup, type TotpKey } from './TotpSetup';
import { TwoFactorStatus } from './TwoFactorStatus';

const startTotp = (client: ApiClient) => unwrap(client.v1.me['2fa'].totp.$post());

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const turnOff = async (client: ApiClient, json: PasswordAndCode) => {
  await unwrap(client.v1.me['2fa'].totp.$delete({ json }));
  return true;
};

const newRecoveryCodes = (client: ApiClient, json: PasswordAndCode) =>
  unwrap(client.v1.me['2fa']['recovery-codes'].$post({ json }));

type View =
  | { name: 'status' }
  | { name: 'set-up'; totpKey: TotpKey }
  | { name: 'codes'; codes: string[] }
  | { name: 'turn-off' }
  | { name: 'new-codes' };

/** TOTP: set up with a QR code, recovery codes, and turning it off. */
export function TwoFactorPart({ twoFactor }: { twoFactor: RequestState<TwoFactor> }) {
  const [view, setView] = useState<View>({ name: 'status' });
  const [notice, setNotice] = useState<string>();
  const start = useAction(startTotp);
  const showStatus = () => setView({ name: 'status' });

  const { reload } = twoFactor;
  const turnedOnElsewhere = start.error?.code === 'totp_on';
  // Set up in another tab meanwhile: loading the state again shows it on.
  useEffect(() => {
    if (turnedOnElsewhere) reload();
  }, [turnedOnElsewhere, reload]);

  async function setUp() {
    setNotice(undefined);
    const totpKey = await start.run();
    if (totpKey) setView({ name: 'set-up', totpKey });
  }

  function render() {
    switch (view.name) {
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
            action={turnOff}
            onCancel={showStatus}
            onDone={() => {
              twoFactor.setData(() => ({ totp: false, recoveryCodesLeft: 0 }));
              setNotice('Two-factor authentication is off; your recovery codes no longer work.');
              showStatus();
            }}
          >
            <p>Signing in will ask for your password only.</p>
          </PasswordAndCodeForm>
        );
      case 'new-codes':
        return (
          <PasswordAndCodeForm
            id="settings-new-codes"
            submitLabel="Create new codes"
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
            starting={start}
            onSetUp={setUp}
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
