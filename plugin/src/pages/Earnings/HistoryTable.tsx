import React from 'react';
import { Badge, TextLink, useStyles2, type BadgeColor, type IconName } from '@grafana/ui';
import { useMe } from '../../api/SessionContext';
import { getTableStyles } from '../../components/DataTable/table-styles';
import { prefixRoute, ROUTES } from '../../constants';
import { formatDateTime, formatSolValue } from '../../utils/format';
import { getAmountStyles } from './amount-styles';
import { shortId, signedSol } from './amounts';
import type { LedgerEntry } from './types';

const KIND: Record<LedgerEntry['kind'], { color: BadgeColor; label: string; icon: IconName }> = {
  job: { color: 'blue', label: 'Job', icon: 'bolt' },
  payout: { color: 'purple', label: 'Payout', icon: 'credit-card' },
  adjustment: { color: 'orange', label: 'Adjustment', icon: 'pen' },
};

interface Props {
  entries: LedgerEntry[];
  /** Device names by id; a device that was removed is not in it. */
  deviceNames: ReadonlyMap<string, string>;
}

/** The ledger, newest first: every credit and debit of the balance. */
export function HistoryTable({ entries, deviceNames }: Props) {
  const styles = useStyles2(getTableStyles);
  const { settings } = useMe();
  return (
    <div className={styles.frame}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Time ({settings.timezone})</th>
            <th scope="col">Kind</th>
            <th scope="col">Device</th>
            <th scope="col">Reference</th>
            <th scope="col" className={styles.numeric}>
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <HistoryRow key={entry.id} entry={entry} deviceNames={deviceNames} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HistoryRow({
  entry,
  deviceNames,
}: {
  entry: LedgerEntry;
  deviceNames: Props['deviceNames'];
}) {
  const styles = useStyles2(getTableStyles);
  const amountStyles = useStyles2(getAmountStyles);
  const { settings } = useMe();
  const kind = KIND[entry.kind];
  const amount = signedSol(entry.amountLamports);
  const value = formatSolValue(entry.amountLamports, settings.solPrice, settings.currency);
  return (
    <tr>
      <td>{formatDateTime(entry.at, settings.timezone)}</td>
      <td>
        <Badge color={kind.color} icon={kind.icon} text={kind.label} />
      </td>
      <td>
        <DeviceCell deviceId={entry.deviceId} deviceNames={deviceNames} />
      </td>
      <td>
        <Reference entry={entry} />
      </td>
      <td className={styles.numeric}>
        <span
          className={amount.direction === 'credit' ? amountStyles.credit : amountStyles.debit}
          data-direction={amount.direction}
        >
          {amount.text}
        </span>
        {value && <div className={styles.muted}>{value}</div>}
      </td>
    </tr>
  );
}

function DeviceCell({
  deviceId,
  deviceNames,
}: {
  deviceId: string | null;
  deviceNames: Props['deviceNames'];
}) {
  const styles = useStyles2(getTableStyles);
  if (!deviceId) return <span className={styles.muted}>—</span>;
  const name = deviceNames.get(deviceId);
  if (!name) {
    return (
      <span className={styles.muted} title={deviceId}>
        Removed device {shortId(deviceId)}
      </span>
    );
  }
  return (
    <TextLink href={prefixRoute(ROUTES.Device, deviceId)} inline={false}>
      {name}
    </TextLink>
  );
}

function Reference({ entry }: { entry: LedgerEntry }) {
  const styles = useStyles2(getTableStyles);
  const reference = entry.jobId
    ? { label: 'Job', id: entry.jobId }
    : entry.payoutId
      ? { label: 'Payout', id: entry.payoutId }
      : undefined;
  return (
    <>
      {reference && (
        <span title={`${reference.label} ${reference.id}`}>
          {reference.label} <span className={styles.mono}>{shortId(reference.id)}</span>
        </span>
      )}
      {entry.note && <div className={styles.muted}>{entry.note}</div>}
      {!reference && !entry.note && <span className={styles.muted}>—</span>}
    </>
  );
}
