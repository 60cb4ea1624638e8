import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, Icon, Text, TextLink, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import type { RequestState } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { prefixRoute, ROUTES } from '../../constants';
import { insetBox } from '../../styles/boxes';
import { testIds } from '../../testIds';
import { formatDateTime } from '../../utils/format';
import { isOnHold, type Wallet } from '../../utils/wallet';

/** Where payouts go, and since when they may. */
export function WalletCard({ wallet }: { wallet: RequestState<Wallet> }) {
  const styles = useStyles2(getStyles);
  if (wallet.error && !wallet.data) {
    return (
      <ApiErrorAlert
        error={wallet.error}
        title="Could not load your payout wallet"
        onRetry={wallet.reload}
      />
    );
  }
  return (
    <div className={styles.card} data-testid={testIds.earnings.wallet}>
      <Text variant="bodySmall" color="secondary">
        Payout address
      </Text>
      {wallet.data ? <WalletDetails wallet={wallet.data} /> : <Skeleton width={360} count={2} />}
    </div>
  );
}

function WalletDetails({ wallet }: { wallet: Wallet }) {
  const styles = useStyles2(getStyles);
  const { settings } = useMe();
  if (!wallet.address) {
    return (
      <div className={styles.line}>
        <Text>No payout address yet.</Text>
        <TextLink href={prefixRoute(ROUTES.Settings)} inline>
          Set your payout address in Settings
        </TextLink>
      </div>
    );
  }
  return (
    <>
      <div className={styles.line}>
        <code className={styles.address}>{wallet.address}</code>
        <ClipboardButton
          size="sm"
          variant="secondary"
          fill="text"
          icon="copy"
          aria-label="Copy payout address"
          getText={() => wallet.address ?? ''}
        >
          Copy
        </ClipboardButton>
        <TextLink href={prefixRoute(ROUTES.Settings)} inline variant="bodySmall">
          Change
        </TextLink>
      </div>
      <div className={styles.line}>
        {isOnHold(wallet) ? (
          <Text variant="bodySmall" color="warning">
            <Icon name="clock-nine" size="sm" aria-hidden />{' '}
            {`Payouts to this address start after ${formatDateTime(wallet.holdUntil, settings.timezone)} (${settings.timezone}).`}
          </Text>
        ) : (
          <Text variant="bodySmall" color="secondary">
            <Icon name="check-circle" size="sm" aria-hidden /> Payouts go to this address.
          </Text>
        )}
      </div>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    ...insetBox(theme),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.75),
    marginBottom: theme.spacing(4),
  }),
  line: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  }),
  address: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.body.fontSize,
    wordBreak: 'break-all',
    // Grafana's global code style keeps it on one line: a 44-character address is wider
    // than a phone.
    whiteSpace: 'normal',
    minWidth: 0,
    background: 'none',
    padding: 0,
    color: theme.colors.text.primary,
  }),
});
