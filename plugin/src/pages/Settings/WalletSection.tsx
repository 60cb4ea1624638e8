import React, { useState, type FormEvent } from 'react';
import type { InferRequestType } from 'hono/client';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Button, ClipboardButton, Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction, useRequest } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { TextField } from '../../components/TextField/TextField';
import { insetBox } from '../../styles/boxes';
import { testIds } from '../../testIds';
import { formatDateTime } from '../../utils/format';
import { fieldErrors, focusFirstInvalid } from '../../utils/forms';
import { isOnHold, type Wallet } from '../../utils/wallet';
import { SuccessNotice } from './SuccessNotice';

type WalletChange = InferRequestType<ApiClient['v1']['wallet']['$put']>['json'];

const saveWallet = (client: ApiClient, json: WalletChange) =>
  unwrap(client.v1.wallet.$put({ json }));

/** The Solana address payouts go to, and the hold after it changes. */
export function WalletSection() {
  const wallet = useRequest((client) => unwrap(client.v1.wallet.$get()), []);
  const [notice, setNotice] = useState<string>();
  const { timezone } = useMe().settings;

  function onSaved(previous: Wallet | undefined, saved: Wallet) {
    wallet.setData(() => saved);
    setNotice(
      previous?.address === saved.address
        ? 'This already was your payout address; nothing changed.'
        : isOnHold(saved)
          ? `Payouts to this address start after ${formatDateTime(saved.holdUntil, timezone)}.`
          : 'Payouts go to this address from now on.',
    );
  }

  return (
    <Section
      variant="card"
      testId={testIds.settings.wallet}
      title="Payout wallet"
      description="Your earnings are paid in SOL to this Solana address."
    >
      {wallet.error && !wallet.data ? (
        <ApiErrorAlert
          error={wallet.error}
          title="Could not load your payout wallet"
          onRetry={wallet.reload}
        />
      ) : (
        <CurrentWallet wallet={wallet.data} timeZone={timezone} />
      )}
      {notice && (
        // Alert titles become accessible names: none of them says "address", so that the
        // address field is the one thing on the page labelled that way.
        <SuccessNotice title="Payout wallet saved" onRemove={() => setNotice(undefined)}>
          {notice}
        </SuccessNotice>
      )}
      <WalletForm
        hasAddress={Boolean(wallet.data?.address)}
        onSaved={(saved) => onSaved(wallet.data, saved)}
        onEdit={() => setNotice(undefined)}
      />
    </Section>
  );
}

function CurrentWallet({ wallet, timeZone }: { wallet: Wallet | undefined; timeZone: string }) {
  const styles = useStyles2(getStyles);
  if (!wallet) return <Skeleton height={56} className={styles.skeleton} />;
  if (!wallet.address) {
    return (
      <Alert severity="info" title="No payout wallet yet">
        Earnings add up in your balance until you set one below.
      </Alert>
    );
  }
  return (
    <div className={styles.current}>
      <Text variant="bodySmall" color="secondary">
        Current address
      </Text>
      <div className={styles.addressRow}>
        <code className={styles.address} data-testid={testIds.settings.walletAddress}>
          {wallet.address}
        </code>
        <ClipboardButton
          size="sm"
          variant="secondary"
          icon="copy"
          getText={() => wallet.address ?? ''}
        >
          Copy
        </ClipboardButton>
      </div>
      {isOnHold(wallet) ? (
        <div className={styles.hold}>
          <Badge color="orange" text="On hold" icon="clock-nine" />
          <Text color="secondary">
            Until {formatDateTime(wallet.holdUntil, timeZone)}; earnings wait in your balance.
          </Text>
        </div>
      ) : (
        <div className={styles.hold}>
          <Badge color="green" text="Active" icon="check" />
          <Text color="secondary">Payouts go to this address.</Text>
        </div>
      )}
    </div>
  );
}

interface FormProps {
  hasAddress: boolean;
  onSaved: (wallet: Wallet) => void;
  onEdit: () => void;
}

function WalletForm({ hasAddress, onSaved, onEdit }: FormProps) {
  const styles = useStyles2(getStyles);
  const [address, setAddress] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { run, pending, error, clearError } = useAction(saveWallet);

  const local = {
    address: submitted && address.trim() === '' ? 'Enter your wallet’s public address.' : undefined,
    password: submitted && password === '' ? 'Enter your password to confirm.' : undefined,
  };
  const api = fieldErrors(error, ['address', 'password'] as const, 'password');
  const addressError = local.address ?? api.fields.address;
  const passwordError = local.password ?? api.fields.password;

  function edit(update: () => void) {
    update();
    clearError();
    onEdit();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitted(true);
    if (address.trim() === '' || password === '') return focusFirstInvalid(form);
    const saved = await run({ address: address.trim(), password });
    if (!saved) return focusFirstInvalid(form);
    onSaved(saved);
    setAddress('');
    setPassword('');
    setSubmitted(false);
  }

  return (
    <form onSubmit={submit} noValidate className={styles.form}>
      <h3 className={styles.formTitle}>{hasAddress ? 'Change the address' : 'Set an address'}</h3>
      <TextField
        id="settings-wallet-address"
        label="Solana address"
        description="Your wallet’s public address (base58), never its private key or seed phrase."
        error={addressError}
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
        error={passwordError}
        type="password"
        autoComplete="current-password"
        value={password}
        width={40}
        onValueChange={(value) => edit(() => setPassword(value))}
      />
      {api.other && <ApiErrorAlert error={api.other} title="Could not save the payout wallet" />}
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
  skeleton: css({ marginBottom: theme.spacing(2) }),
  current: css({ ...insetBox(theme), marginBottom: theme.spacing(2) }),
  addressRow: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  }),
  address: css({
    flex: 1,
    minWidth: 0,
    fontFamily: theme.typography.fontFamilyMonospace,
    overflowWrap: 'anywhere',
    background: 'none',
    border: 'none',
    padding: 0,
  }),
  hold: css({ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: theme.spacing(1) }),
  form: css({ marginTop: theme.spacing(3) }),
  formTitle: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1.5) }),
  note: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(2) }),
  mono: css({ input: { fontFamily: theme.typography.fontFamilyMonospace } }),
});
