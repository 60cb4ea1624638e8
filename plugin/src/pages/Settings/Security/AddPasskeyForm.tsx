import React, { useState } from 'react';
import { unwrap, type ApiClient, type Passkey } from '../../../api/client';
import { TextField } from '../../../components/TextField/TextField';
import type { SecondFactorMethods } from '../../../utils/second-factor';
import { createPasskey } from '../../../utils/webauthn';
import { PasswordAndCodeForm, type PasswordAndCode } from './PasswordAndCodeForm';

/** The password (and second factor) first, for the options; then the browser creates it. */
async function addPasskey(client: ApiClient, proof: PasswordAndCode, name: string) {
  const options = await unwrap(client.v1.me.passkeys.options.$post({ json: proof }));
  const response = await createPasskey(options);
  return unwrap(client.v1.me.passkeys.$post({ json: { response, ...(name ? { name } : {}) } }));
}

interface Props {
  methods: SecondFactorMethods;
  onAdded: (passkey: Passkey) => void;
  onCancel: () => void;
}

/** A new passkey: it is confirmed like any change that outlives the session. */
export function AddPasskeyForm({ methods, onAdded, onCancel }: Props) {
  const [name, setName] = useState('');
  return (
    <PasswordAndCodeForm
      id="settings-add-passkey"
      submitLabel="Add the passkey"
      methods={methods}
      action={(client, proof) => addPasskey(client, proof, name.trim())}
      onDone={onAdded}
      onCancel={onCancel}
    >
      <p>Confirm it is you; then your browser asks where to keep the passkey.</p>
      <TextField
        id="settings-passkey-name"
        label="Name"
        description="Optional: tells your passkeys apart, e.g. “MacBook” or “YubiKey”."
        width={40}
        maxLength={64}
        autoComplete="off"
        value={name}
        error={undefined}
        onValueChange={setName}
      />
    </PasswordAndCodeForm>
  );
}
