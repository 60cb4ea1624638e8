import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { formatSol, formatSolRate } from '../../utils/format';
import type { DeviceTotal } from './earnings-chart';
import type { DeviceEfficiency } from './efficiency';

interface Props {
  totals: DeviceTotal[];
  /** Per GPU-hour and per kWh by device id; a dash where a device has none (yet). */
  efficiency: Map<string, DeviceEfficiency>;
}

/** What each device earned over the days shown, its share, and per GPU-hour and per kWh. */
export function DeviceTotalsTable({ totals, efficiency }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.totals} aria-label="Earnings by device over the days shown">
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Earned</th>
          <th scope="col" className={styles.share}>
            Share
          </th>
          <th scope="col">per GPU-h</th>
          <th scope="col">per kWh</th>
        </tr>
      </thead>
      <tbody>
        {totals.map((device) => (
          <tr key={device.deviceId}>
            <td className={styles.name}>{device.name}</td>
            <td>{formatSol(device.lamports)}</td>
            <td className={styles.share}>{Math.round(device.share * 100)} %</td>
            <td>{formatSolRate(efficiency.get(device.deviceId)?.lamportsPerGpuHour)}</td>
            <td>{formatSolRate(efficiency.get(device.deviceId)?.lamportsPerKwh)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  totals: css({
    width: '100%',
    marginTop: theme.spacing(2),
    borderCollapse: 'collapse',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    'td:nth-child(n + 2), th:nth-child(n + 2)': { textAlign: 'right' },
    [theme.breakpoints.down('sm')]: {
      fontSize: theme.typography.bodySmall.fontSize,
      'th, td': { padding: theme.spacing(0.5) },
    },
  }),
  name: css({ overflowWrap: 'anywhere' }),
  // The share is the first to go on a phone: the amounts say it too.
  share: css({ [theme.breakpoints.down('sm')]: { display: 'none' } }),
});
