import React from 'react';
import { cx } from '@emotion/css';
import { TextLink, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap, type Device } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { getTableStyles } from '../../components/DataTable/table-styles';
import { prefixRoute, ROUTES } from '../../constants';
import { formatKwh, formatMoney, formatSol } from '../../utils/format';
import { BasisDetails } from './BasisDetails';
import { basisLine, dataState, toneOf } from './measured';
import { getProfitabilityStyles } from './styles';
import type { DeviceProfitability } from './types';

const COLUMNS = 4;

/** One device's measured figures over the last `days` days. */
export function DeviceProfitRow({ device, days }: { device: Device; days: number }) {
  const table = useStyles2(getTableStyles);
  const styles = useStyles2(getProfitabilityStyles);
  const { settings } = useMe();
  const result = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.devices[':id'].profitability.$get(
          { param: { id: device.id }, query: { days: String(days) } },
          { init: { signal } },
        ),
      ),
    [device.id, days],
  );
  const current = result.data?.basis.days === days ? result.data : undefined;
  return (
    <tr>
      <td className={table.wrap}>
        <TextLink href={prefixRoute(ROUTES.Device, device.id)} inline={false}>
          {device.name}
        </TextLink>
        {current && (
          <span className={styles.basisLine}>
            <span className={styles.second}>{basisLine(current.basis)}</span>
            <BasisDetails deviceName={device.name} result={current} timeZone={settings.timezone} />
          </span>
        )}
      </td>
      <RowFigures result={current} error={result.error?.message} />
    </tr>
  );
}

function RowFigures({
  result,
  error,
}: {
  result: DeviceProfitability | undefined;
  error?: string;
}) {
  const table = useStyles2(getTableStyles);
  const styles = useStyles2(getProfitabilityStyles);
  if (!result && error) {
    return (
      <td colSpan={COLUMNS} className={cx(table.numeric, styles.second)}>
        {error}
      </td>
    );
  }
  if (!result) {
    return (
      <>
        {Array.from({ length: COLUMNS }, (_, index) => (
          <td key={index} className={table.numeric}>
            <Skeleton width={80} />
          </td>
        ))}
      </>
    );
  }
  if (dataState(result.basis) === 'none') {
    return (
      <td colSpan={COLUMNS} className={cx(table.numeric, styles.second)}>
        Not enough data yet: no power samples and no earnings in the last {result.basis.days} days.
      </td>
    );
  }
  const { currency } = result;
  const tone = toneOf(result.profitPerDay);
  return (
    <>
      <td className={table.numeric}>
        {result.revenuePerDay !== null && (
          <span className={styles.figure}>{formatMoney(result.revenuePerDay, currency)}</span>
        )}
        <span className={result.revenuePerDay === null ? styles.figure : styles.second}>
          {formatSol(result.revenueLamportsPerDay)}
        </span>
      </td>
      <td className={table.numeric}>
        <span className={styles.figure}>{formatKwh(result.powerKwhPerDay)}</span>
      </td>
      <td className={table.numeric}>
        <span className={styles.figure}>{formatMoney(result.powerCostPerDay, currency)}</span>
      </td>
      <td className={table.numeric}>
        {result.profitPerDay === null ? (
          <span className={styles.second}>Needs a SOL price</span>
        ) : (
          <span
            className={
              tone === 'loss' ? styles.loss : tone === 'gain' ? styles.gain : styles.figure
            }
          >
            {formatMoney(result.profitPerDay, currency)}
          </span>
        )}
        {dataState(result.basis) === 'partial' && (
          <span className={styles.second}>Partial data</span>
        )}
      </td>
    </>
  );
}
