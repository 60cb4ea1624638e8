import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Badge,
  Icon,
  ClipboardButton,
  LinkButton,
  Text,
  useStyles2,
  type BadgeColor,
} from '@grafana/ui';
import { useMe } from '../../api/SessionContext';
import { getTableStyles } from '../../components/DataTable/table-styles';
import { formatDateTime, formatSol, formatSolValue } from '../../utils/format';
import { getAmountStyles } from './amount-styles';
import { shortenAddress } from './amounts';
import type { Payout, PayoutStatus, PayoutsPage } from './types';

const STATUS: Record<
  PayoutStatus,
  {
    color: BadgeColor;
    label: string;
    icon: 'pause-circle' | 'clock-nine' | 'arrow-right' | 'check' | 'exclamation-triangle';
  }
> = {
  held: { color: 'purple', label: 'Held', icon: 'pause-circle' },
  pending: { color: 'orange', label: 'Pending', icon: 'clock-nine' },
  sent: { color: 'blue', label: 'Sent', icon: 'arrow-right' },
  confirmed: { color: 'green', label: 'Confirmed', icon: 'check' },
  failed: { color: 'red', label: 'Failed', icon: 'exclamation-triangle' },
};

/** Why a held payout waits, in the owner's words: the limits are the operator's, not theirs. */
const HOLD_NOTE: Record<NonNullable<Payout['holdReason']>, string> = {
  over_payout_cap:
    'Above what a payout may send without an operator: it waits for them to approve it. Your balance is set aside for it.',
  over_daily_cap:
    "Today's payout limit is reached: it goes out by itself once there is room again, usually within 24 hours.",
};

interface Props {
  payouts: Payout[];
  network: PayoutsPage['network'];
}

/** Every payout with its on-chain transaction. */
export function PayoutsTable({ payouts, network }: Props) {
  const styles = useStyles2(getTableStyles);
  const ownStyles = useStyles2(getStyles);
  const { settings } = useMe();
  return (
    <>
      {network === 'local-ledger' && (
        <p className={ownStyles.note}>
          <Icon name="info-circle" aria-hidden /> These payouts ran on the API&apos;s local
          development ledger: no real SOL moved, and Solscan will not find their transactions.
        </p>
      )}
      <div className={styles.frame}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Created ({settings.timezone})</th>
              <th scope="col" className={styles.numeric}>
                Amount
              </th>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
              <th scope="col">Transaction</th>
            </tr>
          </thead>
          <tbody>
            {payouts.map((payout) => (
              <PayoutRow key={payout.id} payout={payout} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function PayoutRow({ payout }: { payout: Payout }) {
  const styles = useStyles2(getTableStyles);
  const amountStyles = useStyles2(getAmountStyles);
  const { settings } = useMe();
  const status = STATUS[payout.status];
  const value = formatSolValue(payout.amountLamports, settings.solPrice, settings.currency);
  return (
    <tr>
      <td>{formatDateTime(payout.createdAt, settings.timezone)}</td>
      <td className={styles.numeric}>
        <span className={amountStyles.debit}>{formatSol(payout.amountLamports)}</span>
        {value && <div className={styles.muted}>{value}</div>}
      </td>
      <td>
        <span className={styles.mono} title={payout.address}>
          {shortenAddress(payout.address)}
        </span>
        <ClipboardButton
          size="sm"
          variant="secondary"
          fill="text"
          icon="copy"
          aria-label={`Copy address ${payout.address}`}
          getText={() => payout.address}
        >
          Copy
        </ClipboardButton>
      </td>
      <td>
        <Badge color={status.color} icon={status.icon} text={status.label} />
        {payout.status === 'held' && payout.holdReason && (
          <div>
            <Text variant="bodySmall" color="secondary">
              {HOLD_NOTE[payout.holdReason]}
            </Text>
          </div>
        )}
        {payout.failureReason && (
          <div>
            <Text variant="bodySmall" color="error">
              {payout.failureReason}
            </Text>
          </div>
        )}
      </td>
      <td>
        {payout.explorerUrl ? (
          <LinkButton
            href={payout.explorerUrl}
            target="_blank"
            rel="noopener noreferrer"
            size="sm"
            variant="secondary"
            fill="text"
            icon="external-link-alt"
            aria-label="View transaction on Solscan"
          >
            Solscan
          </LinkButton>
        ) : (
          <span className={styles.muted}>
            {payout.status === 'failed' ? 'None' : 'Not sent yet'}
          </span>
        )}
      </td>
    </tr>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  note: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginBottom: theme.spacing(1),
  }),
});
