import React, { useState, type FormEvent } from 'react';
import type { InferRequestType } from 'hono/client';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useSession } from '../../api/SessionContext';
import { SecondFactorField } from '../../components/SecondFactorField/SecondFactorField';
import { testIds } from '../../testIds';
import {
  NO_SECOND_FACTOR,
  secondFactorError,
  secondFactorFields,
  secondFactorProblem,
} from '../../utils/second-factor';
import { PasskeySignIn } from './PasskeySignIn';

type SecondStep = InferRequestType<ApiClient['v1']['auth']['login']['2fa']['$post']>['json'];

const signInSecondStep = (client: ApiClient, json: SecondStep) =>
  unwrap(client.v1.auth.login['2fa'].$post({ json }));

interface Props {
  /** From the password step; kept in memory only, it expires after 5 minutes. */
  mfaToken: string;
  /** Back to the password step. */
  onRestart: () => void;
}

/** The second step of a sign-in with two-factor authentication on. */
export function SecondStepForm({ mfaToken, onRestart }: Props) {
  const { refresh } = useSession();
  const [factor, setFactor] = useState(NO_SECOND_FACTOR);
  const [submitted, setSubmitted] = useState(false);
  const { run, pending, error, clearError } = useAction(signInSecondStep);

  const expired = error?.code === 'invalid_mfa_token';
  const fieldError =
    (submitted ? secondFactorProblem(factor) : undefined) ?? secondFactorError(error);
  const otherError = error && !expired && !fieldError ? error : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (secondFactorProblem(factor)) return;
    const signedIn = await run({ mfaToken, ...secondFactorFields(factor) });
    if (signedIn) await refresh();
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      data-testid={testIds.signIn.secondStep}
      aria-label="Two-factor authentication"
    >
      <Text element="h2" variant="h4">
        Two-factor authentication
      </Text>
      <p>
        <Text color="secondary">
          Your password was right. Now prove it is you with a second factor.
        </Text>
      </p>
      <SecondFactorField
        id="sign-in-second-factor"
        factor={factor}
        onChange={(next) => {
          setFactor(next);
          clearError();
        }}
        error={fieldError}
        autoFocus
      />
      {expired && (
        <Alert severity="warning" title="This sign-in expired">
          {error.message}
        </Alert>
      )}
      {otherError && (
        <Alert severity="error" title="Could not sign in">
          {otherError.message}
          {otherError.retryAfterSeconds !== undefined &&
            ` Try again in ${otherError.retryAfterSeconds} s.`}
        </Alert>
      )}
      <Stack direction="column" gap={1}>
        {!expired && (
          <Button type="submit" fullWidth disabled={pending} icon={pending ? 'spinner' : undefined}>
            Sign in
          </Button>
        )}
        {!expired && <PasskeySignIn label="Use a passkey instead" mfaToken={mfaToken} />}
        <Button type="button" variant="secondary" fill="outline" fullWidth onClick={onRestart}>
          {expired ? 'Sign in again' : 'Back'}
        </Button>
      </Stack>
    </form>
  );
}
