import React, { memo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { IconButton, useStyles2 } from '@grafana/ui';
import type { Device } from '../../api/client';
import { UtilizationBar } from '../../components/UtilizationBar/UtilizationBar';
import { useNow } from '../../hooks/useNow';
import { osLabel } from '../../utils/device-os';
import { formatAgo, formatDateTime, formatPower, formatTemperature } from '../../utils/format';
import { gpuSummary } from './device-display';
import { temperatureLevel } from '../../utils/temperature';
import { liveMetrics } from './device-table';
import { DeviceNameCell, type RenameHandler } from './DeviceNameCell';
import { StatusBadge } from './StatusBadge';

interface Props {
  device: Device;
  onRename: RenameHandler;
  onDelete: (device: Device) => void;
}

/**
 * One device. Memoised: a live sample replaces one device object, so only its row renders again
 * (the callbacks from the table are stable).
 */
export const DeviceRow = memo(function DeviceRow({ device, onRename, onDelete }: Props) {
  const styles = useStyles2(getStyles);
  const { temperature, powerW, utilization } = liveMetrics(device);
  const gpus = gpuSummary(device.gpus, device.status);
  const level = temperatureLevel(temperature);
  // Plain class strings and native titles, not cx() and Tooltips: with 1,000 rows, a floating
  // tooltip per cell would cost seconds when the list mounts.
  return (
    <tr className={styles.row} data-inactive={device.status !== 'online' || undefined}>
      <td>
        <StatusBadge status={device.status} state={device.state} />
      </td>
      <th scope="row" className={styles.nameCell}>
        <DeviceNameCell device={device} onRename={onRename} />
      </th>
      <td className={styles.nowrap}>{osLabel(device.os)}</td>
      <td className={styles.nowrap}>
        <span className={device.gpus.length > 0 ? styles.gpus : styles.muted} title={gpus.detail}>
          {gpus.text}
        </span>
      </td>
      <td className={level === 'ok' ? styles.number : `${styles.number} ${styles[level]}`}>
        {formatTemperature(temperature)}
      </td>
      <td className={styles.number}>{formatPower(powerW)}</td>
      <td className={styles.number}>
        <UtilizationBar percent={utilization} />
      </td>
      <td className={styles.nowrap}>
        <LastSeen device={device} />
      </td>
      <td className={styles.actions}>
        <IconButton
          name="trash-alt"
          aria-label={`Delete ${device.name}`}
          title={`Delete ${device.name}`}
          onClick={() => onDelete(device)}
        />
      </td>
    </tr>
  );
});

/** Its own component: it re-renders with the clock, the row does not. */
function LastSeen({ device }: { device: Pick<Device, 'lastSeenAt' | 'createdAt'> }) {
  const now = useNow();
  const styles = useStyles2(getStyles);
  if (!device.lastSeenAt) {
    // An absolute time: a relative one here would rewrite every pending row on each tick.
    return (
      <span className={styles.muted} title={`Added ${formatDateTime(device.createdAt)}`}>
        never
      </span>
    );
  }
  return (
    <time dateTime={device.lastSeenAt} title={new Date(device.lastSeenAt).toLocaleString()}>
      {formatAgo(device.lastSeenAt, now)}
    </time>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    '& > td, & > th': {
      padding: theme.spacing(1, 1.5),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      verticalAlign: 'middle',
      textAlign: 'left',
      fontWeight: theme.typography.fontWeightRegular,
    },
    // A hover shade light enough that secondary text keeps a 4.5:1 contrast on it.
    '&:hover': { background: theme.colors.background.secondary },
    '&[data-inactive]': { color: theme.colors.text.secondary },
  }),
  nameCell: css({ overflow: 'hidden' }),
  nowrap: css({ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }),
  number: css({
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
    '&&': { textAlign: 'right' },
  }),
  warm: css({ color: theme.colors.warning.text }),
  hot: css({ color: theme.colors.error.text, fontWeight: theme.typography.fontWeightMedium }),
  muted: css({ color: theme.colors.text.secondary }),
  gpus: css({ borderBottom: `1px dotted ${theme.colors.border.strong}`, cursor: 'help' }),
  actions: css({ '&&': { textAlign: 'right', padding: theme.spacing(0, 1, 0, 0) } }),
});
