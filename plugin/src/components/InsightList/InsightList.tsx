import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, TextLink, useStyles2 } from '@grafana/ui';
import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api/client';
import { prefixRoute, ROUTES } from '../../constants';

export type Insight = InferResponseType<
  ApiClient['v1']['insights']['$get'],
  200
>['insights'][number];

const TITLES: Record<Insight['kind'], string> = {
  idle: 'Online but idle',
  earnings_stalled: 'Earning stopped',
  below_cohort: 'Earns below its GPU model',
  above_cohort: 'Earns above its GPU model',
};

const SEVERITIES: Record<Insight['kind'], 'info' | 'warning' | 'success'> = {
  idle: 'info',
  earnings_stalled: 'warning',
  below_cohort: 'warning',
  above_cohort: 'success',
};

interface Props {
  insights: Insight[];
  /** On Home each insight names its device, with a link; on a device's page it goes without. */
  linkDevices: boolean;
}

/** Insights as Grafana alerts, one per finding, wrapping at any width. */
export function InsightList({ insights, linkDevices }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={styles.list} aria-label="Insights">
      {insights.map((insight) => (
        <li key={`${insight.kind}-${insight.deviceId}`}>
          <Alert
            className={styles.alert}
            severity={SEVERITIES[insight.kind]}
            title={
              linkDevices ? `${insight.deviceName}: ${TITLES[insight.kind]}` : TITLES[insight.kind]
            }
          >
            <div>{insight.message}</div>
            {linkDevices && (
              <TextLink href={prefixRoute(ROUTES.Device, insight.deviceId)} inline={false}>
                Open {insight.deviceName}
              </TextLink>
            )}
          </Alert>
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: theme.spacing(1),
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 320px), 1fr))',
  }),
  alert: css({ margin: 0, height: '100%', overflowWrap: 'anywhere' }),
});
