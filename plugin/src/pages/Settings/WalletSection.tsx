import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, ClipboardButton, Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { insetBox } from '../../styles/boxes';
import { testIds } from '../../testIds';
import { formatDateTime } from '../../utils/format';
import type { SecondFactorMethods } from '../../utils/second-factor';
import { isOnHold, type Wallet } from '../../utils/wallet';
import { SuccessNotice } from './SuccessNotice';
import { WalletForm } from './WalletForm';

/** The Solana address payouts go to, and the hold after it changes. */
export function WalletSection({ methods }: { methods: SecondFactorMethods }) {
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
        methods={methods}
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
});
