import React, { useState } from 'react';
import { Alert, Button, Text } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap, type ApiClient, type Passkey } from '../../../api/client';
import type { RequestState } from '../../../api/hooks';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert/ApiErrorAlert';
import { testIds } from '../../../testIds';
import { isTwoFactorOn, type SecondFactorMethods } from '../../../utils/second-factor';
import { passkeysSupported } from '../../../utils/webauthn';
import { SuccessNotice } from '../SuccessNotice';
import { AddPasskeyForm } from './AddPasskeyForm';
import { PasskeyList } from './PasskeyList';
import { PasswordAndCodeForm, type PasswordAndCode } from './PasswordAndCodeForm';
import { SecurityPart } from './SecurityPart';

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const removePasskey = async (client: ApiClient, id: string, json: PasswordAndCode) => {
  await unwrap(client.v1.me.passkeys[':id'].$delete({ param: { id }, json }));
  return true;
};

type View = { name: 'list' } | { name: 'add' } | { name: 'remove'; passkey: Passkey };

interface Props {
  passkeys: RequestState<{ passkeys: Passkey[] }>;
  methods: SecondFactorMethods;
}

/** Passkeys: sign in without a password, or confirm a sign-in and sensitive changes. */
export function PasskeysPart({ passkeys, methods }: Props) {
  const [view, setView] = useState<View>({ name: 'list' });
  const [notice, setNotice] = useState<{ title: string; text: string }>();
  const showList = () => setView({ name: 'list' });
  const list = passkeys.data?.passkeys;

  function added(passkey: Passkey) {
    passkeys.setData((current) => ({ passkeys: [passkey, ...(current?.passkeys ?? [])] }));
    setNotice({
      title: 'Passkey added',
      text:
        `“${passkey.name}” can sign you in without a password, and confirm sensitive changes.` +
        (isTwoFactorOn(methods)
          ? ''
          : ' Two-factor authentication is on now: a password sign-in also asks for a passkey.'),
    });
    showList();
  }

  function removed(passkey: Passkey) {
    passkeys.setData((current) => ({
      passkeys: (current?.passkeys ?? []).filter((other) => other.id !== passkey.id),
    }));
    setNotice({ title: 'Passkey removed', text: `“${passkey.name}” no longer signs you in.` });
    showList();
  }

  function render() {
    switch (view.name) {
      case 'add':
        return <AddPasskeyForm methods={methods} onAdded={added} onCancel={showList} />;
      case 'remove': {
        const { passkey } = view;
        const turnsOff = !methods.totp && list?.length === 1;
        return (
          <PasswordAndCodeForm
            id="settings-remove-passkey"
            submitLabel="Remove the passkey"
            destructive
            methods={methods}
            action={(client, proof) => removePasskey(client, passkey.id, proof)}
            onDone={() => removed(passkey)}
            onCancel={showList}
          >
            <p>
              “{passkey.name}” will no longer sign you in or confirm changes.
              {turnsOff && ' It is your last second factor: two-factor authentication turns off.'}
            </p>
          </PasswordAndCodeForm>
        );
      }
      case 'list':
        return (
          <>
            {list?.length === 0 && (
              <p>
                <Text color="secondary">No passkeys yet.</Text>
              </p>
            )}
            {list && list.length > 0 && (
              <PasskeyList
                passkeys={list}
                onRemove={(passkey) => {
                  setNotice(undefined);
                  setView({ name: 'remove', passkey });
                }}
              />
            )}
            {passkeysSupported() ? (
              <Button
                icon="plus"
                onClick={() => {
                  setNotice(undefined);
                  setView({ name: 'add' });
                }}
              >
                Add a passkey
              </Button>
            ) : (
              <Alert severity="info" title="This browser cannot create passkeys">
                It has no WebAuthn. Current versions of Chrome, Edge, Firefox and Safari have it.
              </Alert>
            )}
          </>
        );
    }
  }

  return (
    <SecurityPart
      title="Passkeys"
      description="A fingerprint, your face, a PIN or a security key: sign in without a password, or confirm a sign-in and sensitive changes."
      testId={testIds.settings.passkeys}
    >
      {notice && (
        <SuccessNotice title={notice.title} onRemove={() => setNotice(undefined)}>
          {notice.text}
        </SuccessNotice>
      )}
      {passkeys.error && !passkeys.data ? (
        <ApiErrorAlert
          error={passkeys.error}
          title="Could not load your passkeys"
          onRetry={passkeys.reload}
        />
      ) : !passkeys.data ? (
        <Skeleton height={32} />
      ) : (
        render()
      )}
    </SecurityPart>
  );
}
