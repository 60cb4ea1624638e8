import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { EmptyState, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { testIds } from '../../testIds';
import { GpuHealthCard } from './GpuHealthCard';

interface Props {
  deviceId: string;
  timeZone: string;
}

/**
 * Per GPU over the last 24 h: headroom, throttling, PCIe link, Xid errors. Loaded when the tab
 * opens, not with the page: it reads a day of raw samples.
 */
export function HealthTab({ deviceId, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const health = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.devices[':id'].health.$get({ param: { id: deviceId } }, { init: { signal } }),
      ),
    [deviceId],
  );
  const { data, error, reload } = health;

  if (error && !data) {
    return <ApiErrorAlert error={error} title="Could not load the GPUs’ health" onRetry={reload} />;
  }
  if (data?.gpus.length === 0) {
    return (
      <EmptyState variant="call-to-action" message="No GPU reported in the last 24 h">
        Each GPU’s headroom, throttling and Xid errors appear here once the device reports.
      </EmptyState>
    );
  }
  return (
    <div className={styles.grid} data-testid={testIds.device.health} aria-busy={!data}>
      {data
        ? data.gpus.map((gpu) => <GpuHealthCard key={gpu.index} gpu={gpu} timeZone={timeZone} />)
        : [0, 1].map((card) => <Skeleton key={card} height={320} />)}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 440px), 1fr))',
    gap: theme.spacing(2),
    alignItems: 'start',
  }),
});
