import React, { useCallback, useState } from 'react';
import { useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { EmptyState, LinkButton, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useLiveEvent, useRequest, type RequestState } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { prefixRoute, ROUTES } from '../../constants';
import { useInterval } from '../../hooks/useInterval';
import { useNow } from '../../hooks/useNow';
import { testIds } from '../../testIds';
import { stateAfter } from '../../utils/device-state';
import { onlineSince } from './connectivity';
import { DeviceHeader } from './DeviceHeader';
import { DeviceInsights } from './DeviceInsights';
import { ServicesCard, TrafficCard } from './DeviceStatusCards';
import { DeviceTabs } from './DeviceTabs';
import { DeviceUptime } from './DeviceUptime';
import { GpuTable } from './GpuTable';
import { useDeviceJobs } from './JobsTab';
import { useDeviceNotifications } from './NotificationsTab';
import { DEFAULT_RANGE, type ChartRange } from './time-range';
import type { DeviceDetail } from './types';
import { useDeviceMetrics } from './useDeviceMetrics';

// Services, traffic and the busy flag change without a live event of their own.
const DEVICE_REFRESH_MS = 15_000;

/** One device: status, GPUs, traffic, services, uptime, charts, health, jobs and notifications. */
export default function DeviceDetailsPage() {
  const { id = '' } = useParams<{ id: string }>();
  const device = useRequest(
    (client, signal) =>
      unwrap(client.v1.devices[':id'].$get({ param: { id } }, { init: { signal } })),
    [id],
  );
  const notFound = isNotFound(device);
  const title = notFound ? 'Device not found' : (device.data?.name ?? 'Device');
  return (
    // The header draws the title itself, with the status badges beside it.
    <PluginPage pageNav={{ text: title }} renderTitle={notFound ? undefined : () => null}>
      <BackLink />
      {/* The key starts a new device with fresh state: ranges, pages, live samples. */}
      <DeviceView key={id} id={id} device={device} />
    </PluginPage>
  );
}

function BackLink() {
  const styles = useStyles2(getStyles);
  return (
    <LinkButton
      className={styles.back}
      href={prefixRoute(ROUTES.Home)}
      icon="arrow-left"
      variant="secondary"
      fill="text"
      size="sm"
    >
      All devices
    </LinkButton>
  );
}

interface ViewProps {
  id: string;
  device: RequestState<DeviceDetail>;
}

function DeviceView({ id, device }: ViewProps) {
  const styles = useStyles2(getStyles);
  const me = useMe();
  const timeZone = me.settings.timezone;
  const now = useNow();
  const [range, setRange] = useState<ChartRange>(DEFAULT_RANGE);
  // Started together with the device's request rather than after it.
  const metrics = useDeviceMetrics(id, range);
  const jobs = useDeviceJobs(id);
  const notifications = useDeviceNotifications(id);

  const { reload, setData } = device;
  useInterval(() => document.hidden || reload(), DEVICE_REFRESH_MS);
  useLiveEvent('device.status', (event) => {
    if (event.deviceId !== id) return;
    setData((current) => {
      if (!current) return current;
      const activity = event.status === 'online' ? (current.activity ?? 'idle') : null;
      return {
        ...current,
        status: event.status,
        lastSeenAt: event.lastSeenAt,
        activity,
        state: stateAfter(current, event.status, activity),
      };
    });
  });
  const applyPause = useCallback(
    (changed: Pick<DeviceDetail, 'state' | 'pausedAt'>) =>
      setData((current) => current && { ...current, ...changed }),
    [setData],
  );
  useLiveEvent('device.state', (event) => {
    if (event.deviceId === id) applyPause({ state: event.state, pausedAt: event.pausedAt });
  });
  useLiveEvent('device.sample', (sample) => {
    if (sample.deviceId !== id) return;
    setData((current) =>
      current && Date.parse(sample.at) > Date.parse(current.lastSeenAt ?? '')
        ? { ...current, lastSeenAt: sample.at }
        : current,
    );
  });
  useLiveEvent('job', (job) => job.deviceId === id && reload());

  if (isNotFound(device)) return <DeviceNotFound />;
  // After a client-side move to another device, the previous one's data stays until the new
  // one arrives: it must not be shown under the new id.
  const detail = device.data?.id === id ? device.data : undefined;
  if (device.error && !detail && !device.loading) {
    return (
      <ApiErrorAlert error={device.error} title="Could not load the device" onRetry={reload} />
    );
  }
  if (!detail) return <DeviceSkeleton />;

  return (
    <div className={styles.page}>
      <DeviceHeader
        device={detail}
        sample={metrics.lastSample}
        onlineSince={onlineSince(detail.status, notifications.page?.items)}
        intervalS={metrics.intervalS}
        timeZone={timeZone}
        now={now}
        onPauseChange={applyPause}
      />
      <DeviceInsights deviceId={id} />
      <div className={styles.overview}>
        <GpuTable device={detail} latest={metrics.latest} />
        <div className={styles.side}>
          <TrafficCard device={detail} />
          <ServicesCard device={detail} timeZone={timeZone} now={now} />
        </div>
      </div>
      <DeviceUptime deviceId={id} />
      <DeviceTabs
        deviceId={id}
        metrics={metrics}
        range={range}
        onRangeChange={setRange}
        jobs={jobs}
        notifications={notifications}
        timeZone={timeZone}
      />
    </div>
  );
}

/**
 * 404: deleted, or another account's (the API does not say which); a malformed id (400) reads
 * the same. Only once the request settled: an old error stays while the next load runs.
 */
function isNotFound({ error, loading }: RequestState<DeviceDetail>): boolean {
  return !loading && (error?.status === 404 || error?.status === 400);
}

function DeviceNotFound() {
  return (
    <div data-testid={testIds.device.notFound}>
      <EmptyState
        variant="not-found"
        message="Device not found"
        button={
          <LinkButton href={prefixRoute(ROUTES.Home)} icon="arrow-left" variant="secondary">
            Back to your devices
          </LinkButton>
        }
      >
        It may have been deleted, or the link belongs to another account.
      </EmptyState>
    </div>
  );
}

function DeviceSkeleton() {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page} aria-busy="true" aria-label="Loading the device">
      <Skeleton width={280} height={32} />
      <Skeleton width={360} />
      <Skeleton height={88} />
      <div className={styles.overview}>
        <Skeleton height={200} />
        <Skeleton height={200} />
      </div>
      <Skeleton height={120} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  back: css({ marginBottom: theme.spacing(1), marginLeft: theme.spacing(-1) }),
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  overview: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(280px, 1fr)',
    gap: theme.spacing(2),
    alignItems: 'start',
    [theme.breakpoints.down('lg')]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  }),
  side: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
