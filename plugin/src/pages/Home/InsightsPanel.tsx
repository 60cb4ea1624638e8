import React from 'react';
import { Text } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { InsightList } from '../../components/InsightList/InsightList';
import { Section } from '../../components/Section/Section';
import { useInterval } from '../../hooks/useInterval';
import { testIds } from '../../testIds';

// Idle and stalled are judged in hours and the cohort medians move over minutes: a slow poll.
const INSIGHTS_REFRESH_MS = 5 * 60_000;

function useInsights() {
  const insights = useRequest(
    (client, signal) => unwrap(client.v1.insights.$get({}, { init: { signal } })),
    [],
  );
  useInterval(() => document.hidden || insights.reload(), INSIGHTS_REFRESH_MS);
  return insights;
}

/** Home's under-use findings across the account's devices, each linking to its device. */
export function InsightsPanel() {
  const insights = useInsights();
  return (
    <Section
      title="Insights"
      description="Idle devices, stopped earnings, and earnings against the same GPU model."
      testId={testIds.home.insights}
    >
      <InsightsBody state={insights} />
    </Section>
  );
}

function InsightsBody({ state }: { state: ReturnType<typeof useInsights> }) {
  if (state.error) {
    return (
      <ApiErrorAlert error={state.error} title="Could not load insights" onRetry={state.reload} />
    );
  }
  if (!state.data) return <Skeleton count={2} height={56} />;
  if (state.data.insights.length === 0) {
    return <Text color="secondary">Nothing stands out: no device is idle or falling behind.</Text>;
  }
  return <InsightList insights={state.data.insights} linkDevices />;
}
