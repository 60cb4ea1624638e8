import React from 'react';
import { Alert, Button } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useSession } from '../../api/SessionContext';
import { passkeysSupported, signWithPasskey } from '../../utils/webauthn';

/**
 * Options for the account's passkeys, the browser's signature, then the session: without
 * `mfaToken` a passwordless sign-in, with it the step after a right password.
 */
async function signInWithPasskey(client: ApiClient, mfaToken?: string) {
  const step = mfaToken ? { mfaToken } : {};
  const options = await unwrap(client.v1.auth.passkey.options.$post({ json: step }));
  const response = await signWithPasskey(options);
  return unwrap(client.v1.auth.passkey.$post({ json: { response, ...step } }));
}

interface Props {
  label: string;
  /** From the password step, when a passkey is its second step. */
  mfaToken?: string;
}

/** Signs in with a passkey; nothing where the browser has no WebAuthn. */
export function PasskeySignIn({ label, mfaToken }: Props) {
  const { refresh } = useSession();
  const { run, pending, error } = useAction(signInWithPasskey);
  if (!passkeysSupported()) return null;

  async function signIn() {
    if (await run(mfaToken)) await refresh();
  }

  const expired = error?.code === 'invalid_mfa_token';
  return (
    <>
      {error && (
        <Alert
          severity={expired ? 'warning' : 'error'}
          title={expired ? 'This sign-in expired' : 'Could not sign in with a passkey'}
        >
          {error.message}
          {error.retryAfterSeconds !== undefined && ` Try again in ${error.retryAfterSeconds} s.`}
        </Alert>
      )}
      <Button
        type="button"
        variant="secondary"
        fill="outline"
        fullWidth
        icon={pending ? 'spinner' : 'key-skeleton-alt'}
        disabled={pending}
        onClick={signIn}
      >
        {label}
      </Button>
    </>
  );
}
