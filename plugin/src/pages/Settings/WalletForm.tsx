import React, { useState, type FormEvent } from 'react';
import type { InferRequestType } from 'hono/client';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, useStyles2 } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { SecondFactorField } from '../../components/SecondFactorField/SecondFactorField';
import { TextField } from '../../components/TextField/TextField';
import { useSecondFactor } from '../../hooks/useSecondFactor';
import { focusFirstInvalid } from '../../utils/forms';
import {
  isTwoFactorOn,
  secondFactorFields,
  secondFactorFormErrors,
  secondFactorProblem,
  type SecondFactorMethods,
} from '../../utils/second-factor';
import type { Wallet } from '../../utils/wallet';

type WalletChange = InferRequestType<ApiClient['v1']['wallet']['$put']>['json'];

const saveWallet = (client: ApiClient, json: WalletChange) =>
  unwrap(client.v1.wallet.$put({ json }));

interface Props {
  hasAddress: boolean;
  /** The account's second factors: with any, the API also asks for one. */
  methods: SecondFactorMethods;
  onSaved: (wallet: Wallet) => void;
  onEdit: () => void;
}

/** Sets or changes the payout address: the password, and with 2FA on a code, confirm it. */
export function WalletForm({ hasAddress, methods, onSaved, onEdit }: Props) {
  const styles = useStyles2(getStyles);
  const [address, setAddress] = useState('');
  const [password, setPassword] = useState('');
  const { factor, setFactor, clear: clearFactor } = useSecondFactor(methods);
  const twoFactorOn = isTwoFactorOn(methods);
  const [submitted, setSubmitted] = useState(false);
  const { run, pending, error, clearError } = useAction(saveWallet);

  const problems = {
    address: address.trim() === '' ? 'Enter your wallet’s public address.' : undefined,
    password: password === '' ? 'Enter your password to confirm.' : undefined,
    secondFactor: twoFactorOn ? secondFactorProblem(factor) : undefined,
  };
  const api = secondFactorFormErrors(error, ['address', 'password'] as const, 'password');
  const unverified = api.other?.code === 'email_unverified';

  function edit(update: () => void) {
    update();
    clearError();
    onEdit();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return focusFirstInvalid(form);
    const saved = await run({
      address: address.trim(),
      password,
      ...(twoFactorOn ? secondFactorFields(factor) : {}),
    });
    if (!saved) return focusFirstInvalid(form);
    onSaved(saved);
    setAddress('');
    setPassword('');
    clearFactor();
    setSubmitted(false);
  }

  return (
    <form onSubmit={submit} noValidate className={styles.form}>
      <h3 className={styles.formTitle}>{hasAddress ? 'Change the address' : 'Set an address'}</h3>
      <TextField
        id="settings-wallet-address"
        label="Solana address"
        description="Your wallet’s public address (base58), never its private key or seed phrase."
        error={(submitted ? problems.address : undefined) ?? api.fields.address}
        value={address}
        spellCheck={false}
        autoComplete="off"
        className={styles.mono}
        onValueChange={(value) => edit(() => setAddress(value))}
      />
      <TextField
        id="settings-wallet-password"
        label="Password"
        description="Changing where money goes needs your password again."
        error={(submitted ? problems.password : undefined) ?? api.fields.password}
        type="password"
        autoComplete="current-password"
        value={password}
        width={40}
        onValueChange={(value) => edit(() => setPassword(value))}
      />
      {twoFactorOn && (
        <SecondFactorField
          id="settings-wallet-second-factor"
          factor={factor}
          error={(submitted ? problems.secondFactor : undefined) ?? api.secondFactor}
          methods={methods}
          onChange={(next) => edit(() => setFactor(next))}
        />
      )}
      {unverified ? (
        <Alert severity="warning" title="Confirm your email address first">
          Payouts go only to accounts whose address is confirmed. Open the link we mailed you, or
          send it again from the notice at the top of the page; then save the address here.
        </Alert>
      ) : (
        api.other && <ApiErrorAlert error={api.other} title="Could not save the payout wallet" />
      )}
      <p className={styles.note}>
        Payouts to a new address are held for a while, so that a stolen session cannot redirect your
        money unnoticed; you also get a notification.
      </p>
      <Button type="submit" disabled={pending} icon={pending ? 'spinner' : 'save'}>
        {hasAddress ? 'Change address' : 'Set address'}
      </Button>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ marginTop: theme.spacing(3) }),
  formTitle: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1.5) }),
  note: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(2) }),
  mono: css({ input: { fontFamily: theme.typography.fontFamilyMonospace } }),
});
