import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Stack, Text, useStyles2, type BadgeColor } from '@grafana/ui';
import { StatCard, StatRow } from '../../components/StatCard/StatCard';
import { testIds } from '../../testIds';
import { osLabel } from '../../utils/device-os';
import {
  formatAgo,
  formatDateTime,
  formatPercent,
  formatPower,
  formatTemperature,
} from '../../utils/format';
import { describeConnectivity } from './connectivity';
import { summarizeSample } from './metrics-frames';
import { MuteControl } from './MuteControl';
import { PauseControl } from './PauseControl';
import { DEVICE_STATES } from '../../utils/device-state';
import type { DeviceDetail, DeviceSample } from './types';

interface Props {
  device: DeviceDetail;
  /** The newest live sample, fresher than the device's own summary. */
  sample: DeviceSample | undefined;
  onlineSince: string | undefined;
  intervalS: number | undefined;
  timeZone: string;
  now: number;
  /** Paused or resumed here: the state and pausedAt the API answered. */
  onPauseChange: (changed: Pick<DeviceDetail, 'state' | 'pausedAt'>) => void;
}

const STATUS: Record<DeviceDetail['status'], { color: BadgeColor; label: string }> = {
  online: { color: 'green', label: 'Online' },
  offline: { color: 'red', label: 'Offline' },
  pending: { color: 'orange', label: 'Pending' },
};

/** Name, status, the alerts' mute, and the figures a supplier checks first. */
export function DeviceHeader(props: Props) {
  const { device, sample, onlineSince, intervalS, timeZone, now, onPauseChange } = props;
  const styles = useStyles2(getStyles);
  const live = sample ? summarizeSample(sample) : {};
  const connectivity = describeConnectivity(device, {
    since: onlineSince,
    intervalS,
    timeZone,
    now,
  });
  return (
    <header className={styles.header} data-testid={testIds.device.header}>
      <Stack direction="row" alignItems="center" gap={1.5} wrap="wrap">
        <h1 className={styles.name}>{device.name}</h1>
        <Badge color={STATUS[device.status].color} text={STATUS[device.status].label} />
        {device.state && (
          <span title={DEVICE_STATES[device.state].title}>
            <Badge
              color={DEVICE_STATES[device.state].color}
              text={DEVICE_STATES[device.state].text}
            />
          </span>
        )}
        <div className={styles.actions}>
          <PauseControl device={device} onChange={onPauseChange} />
          <MuteControl deviceId={device.id} deviceName={device.name} timeZone={timeZone} />
        </div>
      </Stack>
      <Text variant="bodySmall" color="secondary">
        {osLabel(device.os)} · {device.hostname ? `host ${device.hostname}` : 'hostname unknown'} ·
        added {formatDateTime(device.createdAt, timeZone)}
      </Text>
      <StatusNotice device={device} timeZone={timeZone} now={now} />
      <StatRow label="Device summary">
        <StatCard
          label="Last seen"
          value={formatAgo(device.lastSeenAt, now)}
          hint={device.lastSeenAt ? formatDateTime(device.lastSeenAt, timeZone) : 'no sample yet'}
        />
        <StatCard
          label="Connectivity"
          value={connectivity.value}
          hint={connectivity.hint}
          color={connectivity.color}
        />
        <StatCard label="GPUs" value={String(device.gpus.length)} hint={gpuModels(device.gpus)} />
        <StatCard
          label="Hottest GPU"
          value={formatTemperature(live.temperature ?? device.temperature)}
        />
        <StatCard
          label="Power draw"
          value={formatPower(live.powerW ?? device.powerW)}
          hint="all GPUs"
        />
        <StatCard
          label="Utilisation"
          value={formatPercent(live.utilization ?? device.utilization)}
          hint="mean over GPUs"
        />
      </StatRow>
    </header>
  );
}

/** What to do about a device that is not reporting. */
function StatusNotice({ device, timeZone, now }: Pick<Props, 'device' | 'timeZone' | 'now'>) {
  if (device.status === 'pending') {
    return (
      <Alert severity="info" title="Waiting for the first sample">
        Run the install command you were given when you added this device on the machine itself. The
        page fills in within seconds of its first report.
      </Alert>
    );
  }
  if (device.status === 'offline') {
    return (
      <Alert severity="warning" title={`No report since ${formatAgo(device.lastSeenAt, now)}`}>
        Last sample {formatDateTime(device.lastSeenAt, timeZone)}. Check that the machine is on and
        online, and that the io-worker-collector service is running; it sends what it buffered once
        it reconnects.
      </Alert>
    );
  }
  return null;
}

/** `4 × NVIDIA GeForce RTX 4090`, or each model when they differ. */
function gpuModels(gpus: DeviceDetail['gpus']): string {
  if (gpus.length === 0) return 'none reported';
  const counts = new Map<string, number>();
  for (const gpu of gpus) counts.set(gpu.model, (counts.get(gpu.model) ?? 0) + 1);
  return [...counts].map(([model, count]) => `${count} × ${model}`).join(', ');
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    // The page spaces its sections; the stat row's own margin would double that.
    '& > section:last-child': { marginBottom: 0 },
  }),
  name: css({ margin: 0, fontSize: theme.typography.h2.fontSize }),
  actions: css({ marginLeft: 'auto' }),
});
