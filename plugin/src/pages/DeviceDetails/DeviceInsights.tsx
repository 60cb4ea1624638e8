import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { InsightList } from '../../components/InsightList/InsightList';
import { testIds } from '../../testIds';
import { formatSolRate } from '../../utils/format';
import type { CohortComparison } from './types';

/**
 * The device's insights under its header: idle, earning stopped, and how it earns against its
 * GPU model's platform median. Nothing at all when there is nothing to say.
 */
export function DeviceInsights({ deviceId }: { deviceId: string }) {
  const styles = useStyles2(getStyles);
  const insights = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.devices[':id'].insights.$get({ param: { id: deviceId } }, { init: { signal } }),
      ),
    [deviceId],
  );
  if (insights.error) {
    return (
      <ApiErrorAlert
        error={insights.error}
        title="Could not load the device's insights"
        onRetry={insights.reload}
      />
    );
  }
  if (!insights.data) return insights.loading ? <Skeleton height={48} /> : null;
  const { insights: found, cohort } = insights.data;
  if (found.length === 0 && !cohort) return null;
  return (
    <section className={styles.strip} aria-label="Insights" data-testid={testIds.device.insights}>
      {found.length > 0 && <InsightList insights={found} linkDevices={false} />}
      {cohort && <CohortLine cohort={cohort} />}
    </section>
  );
}

function CohortLine({ cohort }: { cohort: CohortComparison }) {
  return (
    <Text color="secondary" variant="bodySmall">
      Last 30 days: {formatSolRate(cohort.devicePerGpuHourLamports)} per GPU-hour; the median{' '}
      {cohort.model} on the platform earns {formatSolRate(cohort.cohortMedianPerGpuHourLamports)} (
      {cohort.devices} devices, {cohort.accounts} accounts).
    </Text>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  strip: css({ display: 'grid', gap: theme.spacing(1) }),
});
